import { ListsRecord } from '../../directory';
import { DealCompanyInput, DealContact, DealContactInput } from './models';

/** The company part of a deal write: a record of «Списки» by id, or none. */
export function companyInput(company: ListsRecord | null): Required<DealCompanyInput> {
  return { companyId: company?.id ?? null, companyName: null };
}

/** One contact of a deal write: a record of «Списки» by id. */
export function contactInput(contact: ListsRecord, isMain?: boolean): DealContactInput {
  return isMain === undefined ? { contactId: contact.id } : { contactId: contact.id, isMain };
}

/**
 * The deal's current contacts as a write keeps them (PUT replaces the whole list), in the
 * deal's order. One without an id (typed before «Списки») is put into «Списки» first by
 * `link` (which offers an existing look-alike); null when the user went back.
 */
export async function keepContacts(
  contacts: readonly DealContact[],
  link: (name: string) => Promise<ListsRecord | null>,
): Promise<DealContactInput[] | null> {
  const kept: DealContactInput[] = [];
  for (const contact of contacts) {
    const id = contact.contactId ?? (await link(contact.name))?.id;
    if (!id) {
      return null;
    }
    kept.push({ contactId: id, isMain: contact.isMain });
  }
  return kept;
}
