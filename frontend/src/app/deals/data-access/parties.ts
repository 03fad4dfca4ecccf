import { PickedRecord } from '../../directory';
import { DealCompanyInput, DealContact, DealContactInput } from './models';

/** The company part of a deal write: the picked record's id, or a new company's name. */
export function companyInput(company: PickedRecord | null): Required<DealCompanyInput> {
  if (!company) {
    return { companyId: null, companyName: null };
  }
  return company.id
    ? { companyId: company.id, companyName: null }
    : { companyId: null, companyName: company.name.trim() || null };
}

/**
 * One contact of a deal write: a picked one by id; a new one by name with the phone and
 * e-mail as typed (the server normalises the phone and answers 400 on `contacts[i].phone`).
 */
export function contactInput(
  contact: PickedRecord,
  details: { phone?: string | null; email?: string | null } = {},
  isMain?: boolean,
): DealContactInput {
  const main = isMain === undefined ? {} : { isMain };
  if (contact.id) {
    return { contactId: contact.id, ...main };
  }
  const phone = details.phone?.trim();
  const email = details.email?.trim();
  return {
    name: contact.name.trim(),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...main,
  };
}

/**
 * The deal's current contacts as a write keeps them (PUT replaces the whole list); one
 * without an id (typed before «Списки») goes by name and becomes a record.
 */
export function keepContacts(contacts: readonly DealContact[]): DealContactInput[] {
  return contacts.map((c) =>
    c.contactId ? { contactId: c.contactId, isMain: c.isMain } : { name: c.name, isMain: c.isMain },
  );
}
