import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { TranslationKey } from '../../i18n/ru';
import { TranslatePipe } from '../../i18n/translate';

/** What is imported where: the module's imports route and its own form fields. */
export interface ImportDialogData {
  /** The dialog's title. */
  title: TranslationKey;
  /** The module's imports route (<code>/api/directory/imports</code>, <code>/api/deals/imports</code>). */
  api: string;
  /** The module's own form fields sent with the file (Directory: <code>table</code>; Deals: <code>pipelineId</code>). */
  fields: Record<string, string>;
  /** Whether the user chooses what becomes of a row that duplicates a record (the Lists); deals are always created. */
  duplicates: boolean;
}

interface PreviewField {
  key: string;
  label: string;
  required: boolean;
}

interface Preview {
  headers: string[];
  fields: PreviewField[];
  mapping: Record<string, string>;
  mappingError: string | null;
  totalRows: number;
  rows: { number: number; values: Record<string, string>; errors: string[]; duplicate?: boolean }[];
}

export interface ImportProgress {
  id: string;
  status: 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
  totalRows: number;
  processedRows: number;
  created: number;
  /** The Lists' imports only. */
  updated?: number;
  /** The Lists' imports only. */
  skipped?: number;
  rejected: number;
  failure: string | null;
  rejects: { row: number; reason: string }[];
}

/** How much of an import is done, in percent (0 before it starts). */
export function percentDone(progress: Pick<ImportProgress, 'totalRows' | 'processedRows'>): number {
  return progress.totalRows > 0
    ? Math.round((100 * progress.processedRows) / progress.totalRows)
    : 0;
}

/**
 * «Импорт» of «Списки» and of the deals table: a CSV or Excel file is uploaded, its columns mapped to fields
 * (the server offers the user's last mapping, else a guess from the headers), the first rows previewed with
 * their errors, the duplicates mode chosen (the Lists); then the import runs on the server while the progress
 * bar follows it, and the refused rows' report can be downloaded. The module says where and what
 * ({@link ImportDialogData}); the dialog is the same.
 */
@Component({
  selector: 'app-import-dialog',
  imports: [
    FormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatProgressBarModule,
    MatRadioModule,
    MatSelectModule,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>
      {{ data.title | t }}
    </h2>
    <mat-dialog-content class="import">
      @if (!progress()) {
        <label class="file">
          {{ 'import.file' | t }}
          <input
            type="file"
            accept=".csv,.xlsx,text/csv"
            (change)="pick($event)"
            data-testid="import-file"
          />
        </label>
        <mat-form-field>
          <mat-label>{{ 'import.encoding' | t }}</mat-label>
          <mat-select [(ngModel)]="encoding" (selectionChange)="refresh()">
            <mat-option value="utf-8">UTF-8</mat-option>
            <mat-option value="windows-1251">Windows-1251</mat-option>
          </mat-select>
        </mat-form-field>
        @if (error()) {
          <p class="form-error" role="alert">{{ error() }}</p>
        }
        @if (preview(); as p) {
          <h3>{{ 'import.mapping' | t }}</h3>
          <div class="mapping">
            @for (field of p.fields; track field.key) {
              <mat-form-field>
                <mat-label>{{ field.label }}{{ field.required ? ' *' : '' }}</mat-label>
                <mat-select
                  [ngModel]="mapping()[field.key] ?? ''"
                  (ngModelChange)="map(field.key, $event)"
                  [attr.data-testid]="'map-' + field.key"
                >
                  <mat-option value="">{{ 'import.notImported' | t }}</mat-option>
                  @for (header of p.headers; track header) {
                    <mat-option [value]="header">{{ header }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
            }
          </div>
          @if (p.mappingError) {
            <p class="form-error" role="alert">{{ p.mappingError }}</p>
          }
          <h3>{{ 'import.preview' | t: { count: p.totalRows } }}</h3>
          <table class="preview">
            <tbody>
              @for (row of p.rows; track row.number) {
                <tr [class.bad]="row.errors.length > 0">
                  <td>{{ row.number }}</td>
                  <td>{{ rowText(row.values) }}</td>
                  <td>
                    {{ row.errors.join('; ') }}{{ row.duplicate ? ('import.duplicate' | t) : '' }}
                  </td>
                </tr>
              }
            </tbody>
          </table>
          @if (data.duplicates) {
            <h3>{{ 'import.duplicates' | t }}</h3>
            <mat-radio-group [(ngModel)]="duplicates" class="modes">
              <mat-radio-button value="skip">{{ 'import.skip' | t }}</mat-radio-button>
              <mat-radio-button value="update">{{ 'import.update' | t }}</mat-radio-button>
              <mat-radio-button value="create">{{ 'import.create' | t }}</mat-radio-button>
            </mat-radio-group>
          }
        }
      } @else {
        @let pr = progress()!;
        <p data-testid="import-status">{{ statusKey[pr.status] | t }}</p>
        <mat-progress-bar mode="determinate" [value]="percent()" data-testid="import-progress" />
        <p>{{ 'import.counts' | t: { done: pr.processedRows, total: pr.totalRows } }}</p>
        <p data-testid="import-result">
          @if (data.duplicates) {
            {{
              'import.result'
                | t
                  : {
                      created: pr.created,
                      updated: pr.updated ?? 0,
                      skipped: pr.skipped ?? 0,
                      rejected: pr.rejected,
                    }
            }}
          } @else {
            {{ 'import.resultCreated' | t: { created: pr.created, rejected: pr.rejected } }}
          }
        </p>
        @if (pr.failure) {
          <p class="form-error" role="alert">{{ pr.failure }}</p>
        }
        @if (pr.rejected > 0 && finished()) {
          <a
            mat-stroked-button
            [href]="data.api + '/' + pr.id + '/report'"
            download
            data-testid="import-report"
          >
            {{ 'import.report' | t }}
          </a>
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @if (!progress()) {
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button
          mat-flat-button
          type="button"
          [disabled]="!preview() || !!preview()?.mappingError || busy()"
          (click)="start()"
          data-testid="import-start"
        >
          {{ 'import.start' | t }}
        </button>
      } @else if (!finished()) {
        <button mat-button type="button" (click)="cancel()">{{ 'import.cancel' | t }}</button>
      } @else {
        <button mat-flat-button type="button" [mat-dialog-close]="true">
          {{ 'common.close' | t }}
        </button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .import {
      min-width: min(720px, 90vw);
    }
    .file {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 12px;
    }
    .mapping {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .preview {
      width: 100%;
      border-collapse: collapse;
      font-size: 13px;
    }
    .preview td {
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      padding: 2px 6px;
      vertical-align: top;
    }
    .preview tr.bad td:last-child {
      color: var(--mat-sys-error);
    }
    .modes {
      display: flex;
      flex-direction: column;
    }
  `,
})
export class ImportDialog {
  protected readonly data = inject<ImportDialogData>(MAT_DIALOG_DATA);
  private readonly http = inject(HttpClient);
  private file: File | null = null;
  protected encoding = 'utf-8';
  protected duplicates: 'skip' | 'update' | 'create' = 'skip';
  protected readonly preview = signal<Preview | null>(null);
  protected readonly mapping = signal<Partial<Record<string, string>>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly progress = signal<ImportProgress | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  protected readonly statusKey: Record<ImportProgress['status'], TranslationKey> = {
    queued: 'import.status.queued',
    running: 'import.status.running',
    done: 'import.status.done',
    cancelled: 'import.status.cancelled',
    failed: 'import.status.failed',
  };

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected pick(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.mapping.set({});
    this.refresh();
  }

  protected map(field: string, header: string): void {
    this.mapping.update((m) => ({ ...m, [field]: header }));
    this.refresh(true);
  }

  protected refresh(withMapping = false): void {
    if (!this.file) {
      return;
    }
    this.error.set(null);
    this.http.post<Preview>(`${this.data.api}/preview`, this.form(withMapping)).subscribe({
      next: (p) => {
        this.preview.set(p);
        this.mapping.set(p.mapping);
      },
      error: (e: HttpErrorResponse) => {
        this.preview.set(null);
        this.error.set(problemText(e));
      },
    });
  }

  protected start(): void {
    this.busy.set(true);
    const form = this.form(true);
    if (this.data.duplicates) {
      form.set('duplicates', this.duplicates);
    }
    this.http.post<{ id: string }>(this.data.api, form).subscribe({
      next: ({ id }) => this.follow(id),
      error: (e: HttpErrorResponse) => {
        this.busy.set(false);
        this.error.set(problemText(e));
      },
    });
  }

  protected cancel(): void {
    const id = this.progress()?.id;
    if (id) {
      this.http.post(`${this.data.api}/${id}/cancel`, null).subscribe();
    }
  }

  protected finished(): boolean {
    const status = this.progress()?.status;
    return status === 'done' || status === 'cancelled' || status === 'failed';
  }

  protected percent(): number {
    const p = this.progress();
    return p ? percentDone(p) : 0;
  }

  protected rowText(values: Record<string, string>): string {
    return Object.values(values).join(' · ');
  }

  private follow(id: string): void {
    this.http.get<ImportProgress>(`${this.data.api}/${id}`).subscribe({
      next: (p) => {
        this.progress.set(p);
        if (!this.finished()) {
          this.timer = setTimeout(() => this.follow(id), 500);
        }
      },
      error: (e: HttpErrorResponse) => this.error.set(problemText(e)),
    });
  }

  private form(withMapping: boolean): FormData {
    const form = new FormData();
    form.set('file', this.file!);
    for (const [name, value] of Object.entries(this.data.fields)) {
      form.set(name, value);
    }
    form.set('encoding', this.encoding);
    if (withMapping) {
      form.set('mapping', JSON.stringify(this.mapping()));
    }
    return form;
  }
}

/** The problem's field messages (or its detail), as the server worded them in the user's language. */
function problemText(error: HttpErrorResponse): string {
  const problem = error.error as { detail?: string; errors?: Record<string, string[]> } | null;
  const messages = Object.values(problem?.errors ?? {}).flat();
  return messages.length > 0 ? messages.join(' ') : (problem?.detail ?? error.message);
}
