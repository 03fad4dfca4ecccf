/** The inbox feature's public entry: see deals/index.ts. */
export { inboxRoutes, inboxSettingsRoutes } from './inbox.routes';
export { UnsortedColumn } from './unsorted/unsorted-column';
export { RequestCards } from './request-card/request-cards';
