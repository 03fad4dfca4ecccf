import { TranslationKey } from '../../shared/i18n/ru';
import { Found, FoundGroup, FoundKind } from './global-search-api';

/** A group as shown: only kinds with something to say, each record with its number among all shown. */
export interface ShownGroup extends FoundGroup {
  readonly entries: readonly { readonly item: Found; readonly index: number }[];
}

export const KIND_LABELS: { readonly [K in FoundKind]: TranslationKey } = {
  deal: 'search.deals',
  company: 'search.companies',
  contact: 'search.contacts',
  task: 'search.tasks',
};

/** The groups that found something or failed, in order, their records numbered 0, 1, … across groups. */
export function numbered(groups: readonly FoundGroup[]): ShownGroup[] {
  let index = 0;
  return groups
    .filter((g) => g.items.length > 0 || g.failed)
    .map((g) => ({ ...g, entries: g.items.map((item) => ({ item, index: index++ })) }));
}
