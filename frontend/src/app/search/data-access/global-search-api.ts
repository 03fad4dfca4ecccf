import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, forkJoin, map, of } from 'rxjs';
import { formatDue } from '../../shared/format/due';
import { I18n } from '../../shared/i18n/i18n';

/** The kinds of record the search finds, in the order they are shown: deals first. */
export type FoundKind = 'deal' | 'company' | 'contact' | 'task';
export const FOUND_KINDS: readonly FoundKind[] = ['deal', 'company', 'contact', 'task'];

/** One record found: what the suggestion and the results page show, and where it opens. */
export interface Found {
  readonly kind: FoundKind;
  readonly id: string;
  readonly title: string;
  readonly detail: string;
  /** Router commands of the record's card (a task: its deal's, company's or contact's card). */
  readonly link: readonly string[];
  /** A closed deal, a completed task: shown dimmed after the open ones. */
  readonly done: boolean;
}

/** The records of one kind; `failed` when that module's search did not answer. */
export interface FoundGroup {
  readonly kind: FoundKind;
  readonly items: readonly Found[];
  readonly failed: boolean;
}

/** The most each module's search gives per kind (Directory's suggest stops at 20). */
export const MAX_PER_KIND = 20;

/** The least a query must have for the search to run (a trigram index needs more than one letter). */
export const MIN_QUERY = 2;

interface DealHit {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly pipelineName: string;
  readonly stageName: string;
  readonly companyName: string | null;
  readonly closed: boolean;
}

interface DirectoryHit {
  readonly kind: 'company' | 'contact';
  readonly id: string;
  readonly name: string;
  readonly companyName?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
}

interface TaskHit {
  readonly id: string;
  readonly text: string;
  readonly dueAt: string;
  readonly allDay?: boolean;
  readonly dueDate?: string | null;
  readonly completedAt: string | null;
  readonly linkKind: 'deal' | 'company' | 'contact' | null;
  readonly linkId: string | null;
  readonly linkName: string | null;
}

const cardOf = (kind: 'deal' | 'company' | 'contact', id: string): readonly string[] =>
  kind === 'deal'
    ? ['/deals', id]
    : [kind === 'company' ? '/lists/companies' : '/lists/contacts', id];

const joined = (...parts: readonly (string | null | undefined)[]) =>
  parts.filter((p): p is string => !!p).join(' · ');

/**
 * The global search of the top bar: each module's own search endpoint (Deals'
 * `/api/deals/search`, Directory's `/api/directory/suggest` per kind, Tasks' `/api/tasks/search`)
 * asked at once, the answers grouped by kind, deals first. A module that fails leaves its group
 * empty and marked, the others still show.
 */
@Injectable({ providedIn: 'root' })
export class GlobalSearchApi {
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(I18n);

  find(q: string, perKind: number): Observable<FoundGroup[]> {
    const limit = String(Math.min(Math.max(perKind, 1), MAX_PER_KIND));
    const query = q.trim();
    const params = new HttpParams().set('q', query).set('limit', limit);
    const group = <T>(kind: FoundKind, answer: Observable<T>, toFound: (a: T) => Found[]) =>
      answer.pipe(
        map((a): FoundGroup => ({ kind, items: toFound(a), failed: false })),
        catchError(() => of<FoundGroup>({ kind, items: [], failed: true })),
      );
    const directory = (kind: 'company' | 'contact') =>
      group(
        kind,
        this.http.get<DirectoryHit[]>('/api/directory/suggest', {
          params: params.set('kind', kind),
        }),
        (hits) =>
          hits.map((h) => ({
            kind,
            id: h.id,
            title: h.name,
            detail: joined(kind === 'contact' ? h.companyName : null, h.phone, h.email),
            link: cardOf(kind, h.id),
            done: false,
          })),
      );
    return forkJoin([
      group('deal', this.http.get<{ items: DealHit[] }>('/api/deals/search', { params }), (a) =>
        a.items.map((d) => ({
          kind: 'deal' as const,
          id: d.id,
          title: d.name,
          detail: joined(`#${d.number}`, d.pipelineName, d.stageName, d.companyName),
          link: cardOf('deal', d.id),
          done: d.closed,
        })),
      ),
      directory('company'),
      directory('contact'),
      group('task', this.http.get<{ items: TaskHit[] }>('/api/tasks/search', { params }), (a) =>
        a.items.map((t) => ({
          kind: 'task' as const,
          id: t.id,
          title: t.text,
          detail: joined(
            formatDue({ dueAt: t.dueAt, allDay: t.allDay ?? false, dueDate: t.dueDate }, this.i18n),
            t.linkName,
          ),
          link: t.linkKind && t.linkId ? cardOf(t.linkKind, t.linkId) : ['/tasks'],
          done: t.completedAt !== null,
        })),
      ),
    ]);
  }
}
