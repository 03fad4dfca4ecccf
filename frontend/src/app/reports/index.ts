/** The reports feature's public entry. */
export { reportsRoutes } from './reports.routes';
