/** The operations feature's public entry (the admin's view of the event bus): see deals/index.ts. */
export { operationsRoutes } from './operations.routes';
