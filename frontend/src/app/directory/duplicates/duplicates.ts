import { HttpErrorResponse } from '@angular/common/http';
import { MatDialog } from '@angular/material/dialog';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { plural } from '../data-access/directory-api';
import { Duplicate, DirectoryKind, MatchedOn } from '../data-access/models';
import {
  DuplicatesDialog,
  DuplicatesDialogData,
  DuplicatesDialogResult,
} from './duplicates-dialog';

const KINDS: readonly DirectoryKind[] = ['company', 'contact'];
const MATCHES: readonly MatchedOn[] = ['name', 'phone', 'email', 'taxId'];

function isDuplicate(value: unknown): value is Duplicate {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const item = value as Record<string, unknown>;
  return (
    typeof item['id'] === 'string' &&
    typeof item['name'] === 'string' &&
    KINDS.includes(item['kind'] as DirectoryKind) &&
    MATCHES.includes(item['matchedOn'] as MatchedOn)
  );
}

/** The existing records of a 409 "Possible duplicate" answer; null for any other error. */
export function duplicatesOf(error: unknown): Duplicate[] | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 409) {
    return null;
  }
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  const list = (body as { duplicates?: unknown } | null)?.duplicates;
  if (!Array.isArray(list)) {
    return null;
  }
  const found = list.filter(isDuplicate);
  return found.length ? found : null;
}

/** `/lists/companies/{id}` or `/lists/contacts/{id}`. */
export function recordLink(kind: DirectoryKind, id: string): string[] {
  return ['/lists', plural(kind), id];
}

/**
 * Saves; when the server warns of duplicates, shows them and lets the user open an
 * existing record (null comes back) or save anyway (`confirmDuplicate: true`).
 * Other errors are rethrown for the form to show.
 */
export async function saveCheckingDuplicates<T>(
  dialog: MatDialog,
  router: Router,
  save: (confirmDuplicate: boolean) => Promise<T>,
): Promise<T | null> {
  try {
    return await save(false);
  } catch (error) {
    const duplicates = duplicatesOf(error);
    if (!duplicates) {
      throw error;
    }
    const choice = await firstValueFrom(
      dialog
        .open<DuplicatesDialog, DuplicatesDialogData, DuplicatesDialogResult>(DuplicatesDialog, {
          data: { duplicates },
          width: '520px',
        })
        .afterClosed(),
    );
    if (choice?.action === 'save') {
      return save(true);
    }
    if (choice?.action === 'open') {
      dialog.closeAll();
      await router.navigate(recordLink(choice.duplicate.kind, choice.duplicate.id));
    }
    return null;
  }
}
