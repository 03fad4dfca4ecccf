import { DestroyRef, inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { EMPTY, Observable, Subject, catchError, map, switchMap } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { Task, TaskTablePage } from '../data-access/models';
import { TasksApi } from '../data-access/tasks-api';

export const PAGE_SIZE = 50;
const MAX_LIMIT = 200;

interface State {
  /** The server's query of the rows shown: sort, ready, f.* (no columns). */
  readonly query: Readonly<Record<string, string>> | null;
  readonly rows: readonly Task[];
  readonly nextCursor: string | null;
  readonly total: number | null;
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
 * The tasks table's rows: the first page of a view (with its count), the next pages on demand, the
 * same view read again after changes. A new view cancels what was on its way (switchMap), so an
 * older answer never overwrites a newer one.
 */
export const TasksTableStore = signalStore(
  withState<State>({
    query: null,
    rows: [],
    nextCursor: null,
    total: null,
    loading: false,
    error: null,
  }),
  withMethods((store, api = inject(TasksApi), i18n = inject(I18n)) => {
    const requests = new Subject<Request>();
    const fetch = (request: Request): Observable<void> => {
      const query = request.kind === 'reset' ? request.query : store.query();
      const after = request.kind === 'reset' ? null : store.nextCursor();
      if (!query || (request.kind === 'more' && !after)) {
        return EMPTY;
      }
      patchState(store, { loading: true, error: null });
      return api.table(query, after, request.kind === 'reset' ? request.limit : PAGE_SIZE).pipe(
        map((page: TaskTablePage) => {
          patchState(
            store,
            request.kind === 'reset'
              ? { query, rows: page.items, nextCursor: page.nextCursor, total: page.total }
              : { rows: [...store.rows(), ...page.items], nextCursor: page.nextCursor },
            { loading: false },
          );
        }),
        catchError((error: unknown) => {
          patchState(store, {
            loading: false,
            error: problemMessage(error, i18n),
            ...(request.kind === 'reset' ? { query, rows: [], total: null } : {}),
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
    };
  }),
);
