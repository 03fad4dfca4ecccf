/** The messaging feature's public entry. */
export { messagingRoutes } from './messaging.routes';
