/** The identity feature's public entry (the signed-in user, people, guards): see deals/index.ts. */
export { adminGuard, authGuard, salesAdminGuard } from './auth-guard';
export { mayEdit } from './data-access/edit-rights';
export { PeopleStore } from './data-access/people-store';
export { SessionStore } from './data-access/session-store';
export { settingsRoutes, signInRoutes } from './identity.routes';
