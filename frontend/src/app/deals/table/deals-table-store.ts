import { DestroyRef, inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { EMPTY, Observable, Subject, catchError, map, switchMap } from 'rxjs';
import { MoneySum } from '../../shared/format/money';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { DealsApi } from '../data-access/deals-api';
import { DealRow, DealTablePage } from '../data-access/models';

export const PAGE_SIZE = 50;
const MAX_LIMIT = 200;

interface State {
  /** The server's query of the rows shown: pipelineId, sort, f.* (no columns). */
  readonly query: Readonly<Record<string, string>> | null;
  readonly rows: readonly DealRow[];
  readonly nextCursor: string | null;
  readonly total: number | null;
  readonly sums: readonly MoneySum[] | null;
  readonly loading: boolean;
  readonly error: string | null;
}

type Request =
  | {
      readonly kind: 'reset';
      readonly query: Readonly<Record<string, string>>;
      readonly limit: number;
    }
  | { readonly kind: 'more' };

/**
 * The deals table's rows: the first page of a view (with its count and sums), the next pages on
 * demand, the same view read again after changes. One request at a time: a new view cancels what
 * was on its way (switchMap), so an older answer never overwrites a newer one.
 */
export const DealsTableStore = signalStore(
  withState<State>({
    query: null,
    rows: [],
    nextCursor: null,
    total: null,
    sums: null,
    loading: false,
    error: null,
  }),
  withMethods((store, api = inject(DealsApi), i18n = inject(I18n)) => {
    const requests = new Subject<Request>();
    const fetch = (request: Request): Observable<void> => {
      const query = request.kind === 'reset' ? request.query : store.query();
      const after = request.kind === 'reset' ? null : store.nextCursor();
      if (!query || (request.kind === 'more' && !after)) {
        return EMPTY;
      }
      patchState(store, { loading: true, error: null });
      return api.table(query, after, request.kind === 'reset' ? request.limit : PAGE_SIZE).pipe(
        map((page: DealTablePage) => {
          patchState(
            store,
            request.kind === 'reset'
              ? {
                  query,
                  rows: page.items,
                  nextCursor: page.nextCursor,
                  total: page.total,
                  sums: page.budgetSums,
                }
              : { rows: [...store.rows(), ...page.items], nextCursor: page.nextCursor },
            { loading: false },
          );
        }),
        catchError((error: unknown) => {
          patchState(store, {
            loading: false,
            error: problemMessage(error, i18n),
            ...(request.kind === 'reset' ? { query, rows: [], total: null, sums: null } : {}),
          });
          return EMPTY;
        }),
      );
    };
    const subscription = requests.pipe(switchMap((request) => fetch(request))).subscribe();
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());

    return {
      /** Shows a view from its first page. */
      open(query: Readonly<Record<string, string>>): void {
        requests.next({ kind: 'reset', query, limit: PAGE_SIZE });
      },
      /** The next page, unless one is on its way or there is none. */
      loadMore(): void {
        if (!store.loading() && store.nextCursor()) {
          requests.next({ kind: 'more' });
        }
      },
      /** The same view again, as many rows as are shown (a change may have moved them). */
      reload(): void {
        const query = store.query();
        if (query) {
          const limit = Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, store.rows().length));
          requests.next({ kind: 'reset', query, limit });
        }
      },
      /** A row that no longer fits the view (a task planned under «без задач»), before the server says so. */
      dropRow(id: string): void {
        const rows = store.rows();
        if (rows.some((r) => r.id === id)) {
          const total = store.total();
          patchState(store, {
            rows: rows.filter((r) => r.id !== id),
            total: total === null ? null : Math.max(0, total - 1),
          });
        }
      },
    };
  }),
);
