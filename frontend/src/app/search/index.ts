/**
 * The global search's public entry: the field in the top bar and the results page. It composes
 * each module's own search endpoint; it imports no other feature (see deals/index.ts).
 */
export { GlobalSearch } from './global-search/global-search';
export { searchRoutes } from './search.routes';
