import { DestroyRef, inject, signal } from '@angular/core';
import { EMPTY, Observable, Subject, catchError, map, merge, switchMap } from 'rxjs';
import { problemMessage } from '../../http/problem';
import { I18n } from '../../i18n/i18n';

/** A page of a table as the servers answer it: the rows, the next page's cursor, the count (first page). */
export interface KeysetPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
  readonly total: number | null;
}

/** Reads a page: the view's query (sort, filters; no columns), the cursor after which, how many. */
export type KeysetFetch<P> = (
  query: Readonly<Record<string, string>>,
  after: string | null,
  limit: number,
) => Observable<P>;

/**
 * Reads a view's totals apart from its rows (the count, and whatever else the server sums), so a
 * filter that is slow to count never holds the rows up.
 */
export type KeysetTotals<S extends { readonly total: number }> = (
  query: Readonly<Record<string, string>>,
) => Observable<S>;

export const PAGE_SIZE = 50;
const MAX_LIMIT = 200;

type Request =
  | {
      readonly kind: 'reset';
      readonly query: Readonly<Record<string, string>>;
      readonly limit: number;
    }
  | { readonly kind: 'more' };

/**
 * The rows of a table paged by keyset: the first page of a view (with its count, and the whole
 * first page for what else it carries, e.g. the deals' budget sums), the next pages on demand, the
 * same view read again after changes. One request at a time: a new view cancels what was on its
 * way (switchMap), so an older answer never overwrites a newer one. Given a totals reader, the
 * first page is read without its count and the totals beside it: the rows show as soon as they
 * come, the count when it comes (a failed count leaves it unknown, the rows stay). Made in an
 * injection context (a component's provider): it stops with it.
 */
export class KeysetRows<
  T extends { readonly id: string },
  P extends KeysetPage<T> = KeysetPage<T>,
  S extends { readonly total: number } = { readonly total: number },
> {
  private readonly i18n = inject(I18n);
  private readonly requests = new Subject<Request>();
  private readonly shownQuery = signal<Readonly<Record<string, string>> | null>(null);

  readonly rows = signal<readonly T[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly total = signal<number | null>(null);
  /** The view's first page as the server answered it; null before it or after an error. */
  readonly firstPage = signal<P | null>(null);
  /** The view's totals as the totals reader answered them; null until they come. */
  readonly totals = signal<S | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  constructor(
    private readonly fetch: KeysetFetch<P>,
    private readonly fetchTotals?: KeysetTotals<S>,
  ) {
    const subscription = this.requests.pipe(switchMap((r) => this.read(r))).subscribe();
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** Shows a view from its first page. */
  open(query: Readonly<Record<string, string>>): void {
    this.requests.next({ kind: 'reset', query, limit: PAGE_SIZE });
  }

  /** The next page, unless one is on its way or there is none. */
  loadMore(): void {
    if (!this.loading() && this.nextCursor()) {
      this.requests.next({ kind: 'more' });
    }
  }

  /** The same view again, as many rows as are shown (a change may have moved them). */
  reload(): void {
    const query = this.shownQuery();
    if (query) {
      const limit = Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, this.rows().length));
      this.requests.next({ kind: 'reset', query, limit });
    }
  }

  /** A row that no longer fits the view (done, or planned under «без задач»), before the server says so. */
  dropRow(id: string): void {
    const rows = this.rows();
    if (rows.some((r) => r.id === id)) {
      const total = this.total();
      this.rows.set(rows.filter((r) => r.id !== id));
      this.total.set(total === null ? null : Math.max(0, total - 1));
    }
  }

  private read(request: Request): Observable<void> {
    const reset = request.kind === 'reset';
    const query = reset ? request.query : this.shownQuery();
    const after = reset ? null : this.nextCursor();
    if (!query || (!reset && !after)) {
      return EMPTY;
    }
    this.loading.set(true);
    this.error.set(null);
    // the count of a new view, when it is read apart from the rows
    const fetchTotals = reset ? this.fetchTotals : undefined;
    const totalsApart = !!fetchTotals;
    if (totalsApart) {
      this.total.set(null);
      this.totals.set(null);
    }
    const rows = this.fetch(query, after, reset ? request.limit : PAGE_SIZE).pipe(
      map((page) => {
        if (reset) {
          this.shownQuery.set(query);
          this.rows.set(page.items);
          if (!totalsApart) {
            this.total.set(page.total);
          }
          this.firstPage.set(page);
        } else {
          this.rows.set([...this.rows(), ...page.items]);
        }
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      }),
      catchError((error: unknown) => {
        this.loading.set(false);
        this.error.set(problemMessage(error, this.i18n));
        if (reset) {
          this.shownQuery.set(query);
          this.rows.set([]);
          this.total.set(null);
          this.firstPage.set(null);
        }
        return EMPTY;
      }),
    );
    if (!fetchTotals) {
      return rows;
    }
    const totals = fetchTotals(query).pipe(
      map((t) => {
        this.totals.set(t);
        this.total.set(t.total);
      }),
      catchError(() => EMPTY),
    );
    return merge(rows, totals);
  }
}
