import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { DirectoryApi } from '../data-access/directory-api';
import { Company, Contact, DirectoryKind } from '../data-access/models';
import { duplicatesOf } from './duplicates';
import {
  DuplicatesDialog,
  DuplicatesDialogData,
  DuplicatesDialogResult,
} from './duplicates-dialog';

/** What a deal form knows of a company or contact typed into it. */
export interface TypedRecord {
  readonly name: string;
  /** A contact's phone, in any format (Directory normalises it and finds look-alikes by it). */
  readonly phone?: string | null;
  readonly email?: string | null;
  /** A contact's company (the deal's). */
  readonly companyId?: string | null;
}

/** The record of «Списки» the deal refers to. */
export interface ListsRecord<T extends Company | Contact = Company | Contact> {
  readonly id: string;
  readonly name: string;
  /**
   * The whole record as Directory answered the POST that created it (absent for a record
   * picked or a look-alike chosen): a card shows it at once, without reading it back.
   */
  readonly created?: T;
}

/**
 * A company or contact typed into a deal goes through the same rules as «Списки»: it is added
 * there with Directory's own POST, and when the Lists already have look-alikes (the same phone
 * in any format, e-mail or tax id) the user is offered the existing record («Использовать») or
 * creates the new one anyway. Resolves with the record the deal is to refer to, or null when
 * the user went back to the form. Other errors (e.g. 400 on `phones[0].number`) are rethrown.
 */
export async function recordForDeal(
  api: DirectoryApi,
  dialog: MatDialog,
  kind: 'company',
  typed: TypedRecord,
): Promise<ListsRecord<Company> | null>;
export async function recordForDeal(
  api: DirectoryApi,
  dialog: MatDialog,
  kind: 'contact',
  typed: TypedRecord,
): Promise<ListsRecord<Contact> | null>;
export async function recordForDeal(
  api: DirectoryApi,
  dialog: MatDialog,
  kind: DirectoryKind,
  typed: TypedRecord,
): Promise<ListsRecord | null>;
export async function recordForDeal(
  api: DirectoryApi,
  dialog: MatDialog,
  kind: DirectoryKind,
  typed: TypedRecord,
): Promise<ListsRecord | null> {
  const create = async (confirmDuplicate: boolean): Promise<ListsRecord> => {
    if (kind === 'company') {
      const company = await firstValueFrom(
        api.createCompany({
          name: typed.name.trim(),
          phones: [],
          emails: [],
          website: null,
          address: null,
          region: null,
          taxId: null,
          notes: null,
          confirmDuplicate,
        }),
      );
      return { id: company.id, name: company.name, created: company };
    }
    const phone = typed.phone?.trim();
    const email = typed.email?.trim();
    const contact = await firstValueFrom(
      api.createContact({
        fullName: typed.name.trim(),
        position: null,
        phones: phone ? [{ number: phone, type: 'mobile' }] : [],
        emails: email ? [{ address: email, type: 'work' }] : [],
        messengers: [],
        companyId: typed.companyId ?? null,
        confirmDuplicate,
      }),
    );
    return { id: contact.id, name: contact.fullName, created: contact };
  };

  try {
    return await create(false);
  } catch (error) {
    const duplicates = duplicatesOf(error);
    if (!duplicates) {
      throw error;
    }
    const choice = await firstValueFrom(
      dialog
        .open<DuplicatesDialog, DuplicatesDialogData, DuplicatesDialogResult>(DuplicatesDialog, {
          data: { duplicates, forDeal: true },
          width: '520px',
        })
        .afterClosed(),
    );
    if (choice?.action === 'use') {
      return { id: choice.duplicate.id, name: choice.duplicate.name };
    }
    return choice?.action === 'save' ? create(true) : null;
  }
}
