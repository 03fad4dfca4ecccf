import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

/** The module a table belongs to, and the table (the same contract under each module). */
export type TableModule = 'deals' | 'directory' | 'tasks';
export type TableName = 'deals' | 'companies' | 'contacts' | 'tasks';

export interface TableRef {
  readonly module: TableModule;
  readonly table: TableName;
}

/** A named view: its URL query string without '?' ("sort=-budget&f.stage=in:…&cols=name,budget"). */
export interface SavedFilter {
  readonly id: string;
  readonly table: TableName;
  readonly name: string;
  readonly query: string;
  /** Seen by everyone (only an admin shares). */
  readonly shared: boolean;
  readonly ownerId: string;
  readonly mine: boolean;
}

export interface SavedFilterInput {
  readonly name: string;
  readonly query: string;
  readonly shared: boolean;
}

export const SAVED_FILTER_NAME_MAX = 100;
export const SAVED_FILTER_QUERY_MAX = 4000;

/**
 * Saved filters and the chosen columns of every table, kept per user on the server
 * (`/api/{module}/saved-filters`, `/api/{module}/table-columns/{table}`; docs/tables-api.md).
 */
@Injectable({ providedIn: 'root' })
export class TableSettingsApi {
  private readonly http = inject(HttpClient);

  /** Mine first, then the shared ones. */
  savedFilters(ref: TableRef): Observable<SavedFilter[]> {
    return this.http.get<SavedFilter[]>(`/api/${ref.module}/saved-filters`, {
      params: new HttpParams().set('table', ref.table),
    });
  }

  createSavedFilter(ref: TableRef, input: SavedFilterInput): Observable<SavedFilter> {
    return this.http.post<SavedFilter>(`/api/${ref.module}/saved-filters`, {
      table: ref.table,
      ...input,
    });
  }

  updateSavedFilter(ref: TableRef, id: string, input: SavedFilterInput): Observable<SavedFilter> {
    return this.http.put<SavedFilter>(
      `/api/${ref.module}/saved-filters/${encodeURIComponent(id)}`,
      input,
    );
  }

  deleteSavedFilter(ref: TableRef, id: string): Observable<void> {
    return this.http.delete<void>(`/api/${ref.module}/saved-filters/${encodeURIComponent(id)}`);
  }

  /** The user's columns in order; null when never chosen. */
  columns(ref: TableRef): Observable<string[] | null> {
    return this.http
      .get<{ columns: string[] | null }>(`/api/${ref.module}/table-columns/${ref.table}`)
      .pipe(map((answer) => (answer.columns?.length ? answer.columns : null)));
  }

  saveColumns(ref: TableRef, columns: readonly string[]): Observable<void> {
    return this.http.put<void>(`/api/${ref.module}/table-columns/${ref.table}`, { columns });
  }
}
