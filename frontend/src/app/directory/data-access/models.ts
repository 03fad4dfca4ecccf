import { Tag } from '../../shared/ui/tags/tags-api';
/** Types of docs/directory-api.md: companies and contacts («Списки»). */
import { CustomField, CustomFieldValue } from '../../shared/forms/custom-field';

export type DirectoryKind = 'company' | 'contact';

export type PhoneType = 'work' | 'mobile' | 'home' | 'fax' | 'other';
export type EmailType = 'work' | 'personal' | 'other';
export type MessengerKind = 'telegram' | 'whatsapp' | 'viber' | 'skype' | 'other';
export const PHONE_TYPES: readonly PhoneType[] = ['work', 'mobile', 'home', 'fax', 'other'];
export const EMAIL_TYPES: readonly EmailType[] = ['work', 'personal', 'other'];
export const MESSENGER_KINDS: readonly MessengerKind[] = [
  'telegram',
  'whatsapp',
  'viber',
  'skype',
  'other',
];

export interface Phone {
  /** E.164 as stored; on writes any format the user typed. */
  readonly number: string;
  /** "+7 916 123-45-67"; absent on writes. */
  readonly display?: string;
  readonly type: PhoneType;
}

export interface Email {
  readonly address: string;
  readonly type: EmailType;
}

export interface Messenger {
  readonly kind: MessengerKind;
  readonly handle: string;
}

export type CustomValues = Readonly<Record<string, CustomFieldValue>>;

interface RecordMeta {
  readonly id: string;
  readonly responsibleId: string;
  readonly customFields: CustomValues;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  /** «Теги», in order (Directory's own catalog, a kind per list). */
  readonly tags?: readonly Tag[];
}

export interface CompanyContact {
  readonly id: string;
  readonly fullName: string;
  readonly position: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

export interface Company extends RecordMeta {
  readonly name: string;
  readonly phones: readonly Phone[];
  readonly emails: readonly Email[];
  readonly website: string | null;
  readonly address: string | null;
  readonly region: string | null;
  readonly taxId: string | null;
  readonly notes: string | null;
  /** Only on GET /companies/{id}. */
  readonly contacts?: readonly CompanyContact[];
}

export interface Contact extends RecordMeta {
  readonly fullName: string;
  readonly position: string | null;
  readonly phones: readonly Phone[];
  readonly emails: readonly Email[];
  readonly messengers: readonly Messenger[];
  readonly companyId: string | null;
  readonly companyName: string | null;
}

/** The editable fields of a company (POST body; PUT adds `version`). */
export interface CompanyInput {
  readonly name: string;
  readonly phones: readonly Phone[];
  readonly emails: readonly Email[];
  readonly website: string | null;
  readonly address: string | null;
  readonly region: string | null;
  readonly taxId: string | null;
  readonly notes: string | null;
  readonly responsibleId?: string | null;
  readonly customFields?: CustomValues;
  readonly confirmDuplicate?: boolean;
}

export interface ContactInput {
  readonly fullName: string;
  readonly position: string | null;
  readonly phones: readonly Phone[];
  readonly emails: readonly Email[];
  readonly messengers: readonly Messenger[];
  readonly companyId: string | null;
  readonly responsibleId?: string | null;
  readonly customFields?: CustomValues;
  readonly confirmDuplicate?: boolean;
}

export interface CompanyRow {
  readonly id: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly region: string | null;
  readonly taxId: string | null;
  readonly responsibleId: string;
  readonly contactCount: number;
  readonly updatedAt: string;
  /** Deals not yet won, lost or deleted with this company. */
  readonly openDealCount: number;
  /** Tasks not yet done linked to this company. */
  readonly openTaskCount: number;
  readonly tags: readonly Tag[];
}

export interface ContactRow {
  readonly id: string;
  readonly fullName: string;
  readonly position: string | null;
  readonly companyId: string | null;
  readonly companyName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly responsibleId: string;
  readonly updatedAt: string;
  /** Tasks not yet done linked to this contact. */
  readonly openTaskCount: number;
  readonly tags: readonly Tag[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** Sort keys the server knows; `-` means descending. */
export type SortField = 'name' | 'fullName' | 'createdAt' | 'updatedAt';
export type Sort = SortField | `-${SortField}`;

/**
 * The ready filters of «Списки» the server knows (docs/directory-api.md): companies without an
 * open deal and without an open task; contacts without an open task.
 */
export type ListFilter = 'without-deals-and-tasks' | 'without-tasks';

export interface ListQuery {
  readonly q: string;
  /** A ready filter of this list; null: every record. */
  readonly filter: ListFilter | null;
  readonly sort: Sort;
  /** 1-based, as the server counts. */
  readonly page: number;
  readonly pageSize: number;
  /** The column filters, `f.<column>=<expression>` by column (docs/directory-api.md, "The tables"). */
  readonly columns: Readonly<Record<string, string>>;
}

export type MatchedOn = 'name' | 'phone' | 'email' | 'taxId';

/** What a suggestion was found by: a duplicate's ways, or a custom field's value. */
export type SuggestionMatch = MatchedOn | 'custom';

export interface Suggestion {
  readonly kind: DirectoryKind;
  readonly id: string;
  readonly name: string;
  readonly companyId?: string | null;
  readonly companyName?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly matchedOn: SuggestionMatch;
}

/** One entry of a 409 "Possible duplicate" problem. */
export interface Duplicate {
  readonly kind: DirectoryKind;
  readonly id: string;
  readonly name: string;
  readonly matchedOn: MatchedOn;
  readonly value: string;
}

export type DirectoryEntity = DirectoryKind;

export interface DirectoryCustomField extends CustomField {
  readonly entity: DirectoryEntity;
}
