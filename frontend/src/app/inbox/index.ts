/** The inbox feature's public entry. */
export { inboxRoutes } from './inbox.routes';
