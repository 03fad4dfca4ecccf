import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Router } from '@angular/router';
import { Observable, firstValueFrom } from 'rxjs';
import { SessionStore, mayEdit } from '../../identity';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { DirectoryApi, plural } from '../data-access/directory-api';
import { DirectoryCustomField, DirectoryKind } from '../data-access/models';
import { saveCheckingDuplicates } from '../duplicates/duplicates';
import { Tag } from '../../shared/ui/tags/tags-api';

interface CardRecord {
  readonly id: string;
  readonly version: number;
  readonly responsibleId: string;
  readonly tags?: readonly Tag[];
}

/**
 * What a company card and a contact card share: loading the record and its custom fields,
 * saving with the version read (a stale one → `conflict`), duplicates on save, and the
 * admin's merge and delete. Create in an injection context.
 */
export class RecordCardState<T extends CardRecord, TInput> {
  private readonly api = inject(DirectoryApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private readonly session = inject(SessionStore);

  readonly record = signal<T | null>(null);
  readonly fields = signal<readonly DirectoryCustomField[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly conflict = signal(false);
  readonly isAdmin = this.session.isAdmin;
  /** As for deals: head of sales and admin edit all; a manager the records they are responsible for. */
  readonly canEdit = computed(() => {
    const record = this.record();
    return !!record && mayEdit(this.session.me(), record.responsibleId);
  });

  constructor(
    private readonly kind: DirectoryKind,
    private readonly get: (id: string) => Observable<T>,
    private readonly put: (id: string, body: TInput & { version: number }) => Observable<T>,
  ) {}

  async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    this.conflict.set(false);
    try {
      const [record, fields] = await Promise.all([
        firstValueFrom(this.get(id)),
        firstValueFrom(this.api.customFields()).catch(() => [] as DirectoryCustomField[]),
      ]);
      this.record.set(record);
      this.fields.set(
        fields.filter((f) => f.entity === this.kind).sort((a, b) => a.position - b.position),
      );
    } catch (error) {
      this.record.set(null);
      this.error.set(problemMessage(error, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  async reload(): Promise<void> {
    const id = this.record()?.id;
    if (id) {
      await this.load(id);
    }
  }

  /**
   * Saves the editable fields. Duplicates: the dialog (open the other record, or save
   * anyway). Resolves with the saved record, or null when the user chose not to save;
   * a stale version sets `conflict`; other errors are rethrown for the form.
   */
  async save(body: TInput): Promise<T | null> {
    const record = this.record();
    if (!record) {
      return null;
    }
    try {
      const saved = await saveCheckingDuplicates(this.dialog, this.router, (confirmDuplicate) =>
        firstValueFrom(this.put(record.id, { ...body, confirmDuplicate, version: record.version })),
      );
      if (saved) {
        this.record.set(saved);
        this.conflict.set(false);
      }
      return saved;
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 409) {
        this.conflict.set(true);
      }
      throw error;
    }
  }

  /** «Теги», saved at once: the record takes the new version and tags; a stale version sets `conflict`. */
  async setTags(tags: readonly Tag[]): Promise<void> {
    const record = this.record();
    if (!record) {
      return;
    }
    try {
      const saved = await firstValueFrom(
        this.api.setTags(
          this.kind,
          record.id,
          tags.map((t) => t.id),
          record.version,
        ),
      );
      this.record.set({ ...record, version: saved.version, tags: saved.tags });
      this.conflict.set(false);
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 409) {
        this.conflict.set(true);
      }
      throw error;
    }
  }

  async merge(mergeId: string): Promise<void> {
    const record = this.record();
    if (record) {
      await firstValueFrom(this.api.merge(this.kind, record.id, mergeId));
      await this.load(record.id);
    }
  }

  async remove(): Promise<void> {
    const record = this.record();
    if (record) {
      await firstValueFrom(this.api.remove(this.kind, record.id));
      await this.router.navigate(['/lists', plural(this.kind)]);
    }
  }
}
