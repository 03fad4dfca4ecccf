/**
 * The deals feature's public entry: all that other features and the app may use of it
 * (eslint.config.mjs enforces it; docs/architecture.md, "Front end"). The app loads it
 * lazily; keep it to what others need, since whoever imports it bundles all it exports.
 */
export { CUSTOM_FIELDS_SOURCE } from './data-access/custom-fields-source';
export type { CustomFieldsSource } from './data-access/custom-fields-source';
export { DealsApi } from './data-access/deals-api';
export type { DealListItem, DealParty, DealSearchItem } from './data-access/models';
export { customFieldsAdminRoutes, dealsRoutes } from './deals.routes';

/** The deal card, opened in place elsewhere (a task's deal in «Задачи»), loaded on demand. */
export const loadDealCard = () => import('./deal-card/deal-card').then((m) => m.DealCard);
