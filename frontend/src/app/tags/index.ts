/**
 * The tags feature's public entry: Settings → «Теги», where an admin renames, recolours and deletes the
 * tags of deals, companies and contacts (each module's own catalog; the chips and the picker on cards are
 * shared/ui/tags). See deals/index.ts.
 */
export { tagsAdminRoutes } from './tags.routes';
