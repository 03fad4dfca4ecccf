import { inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { InboxApi } from './inbox-api';
import { InboxRequest, RequestChanged, RequestStatus } from './models';

/** A page, as the board's other columns ask theirs. */
export const REQUEST_PAGE_SIZE = 50;

/** Which requests a list holds: one status, of one pipeline or (null) all. */
export interface RequestFilter {
  readonly status: RequestStatus;
  readonly pipelineId: string | null;
}

interface RequestListState {
  readonly filter: RequestFilter | null;
  /** The requests loaded so far, newest first. */
  readonly items: readonly InboxRequest[];
  /** Every request of the filter (the column's count), loaded or not. */
  readonly total: number;
  readonly nextCursor: string | null;
  readonly loadingMore: boolean;
}

/** Newest first, as the server orders them: received at, then id, both descending. */
function newer(a: InboxRequest, b: InboxRequest): boolean {
  return a.receivedAt === b.receivedAt
    ? a.id > b.id
    : Date.parse(a.receivedAt) > Date.parse(b.receivedAt);
}

/**
 * A list of requests of one status (and pipeline), a page at a time, kept live from
 * `requestChanged`: the board's «Неразобранное» (new ones of a pipeline: a new one appears in
 * its place, an accepted or declined one leaves) and the Inbox screen. A message no newer than
 * the version shown (an echo of our own accept) changes nothing; the messages that arrive while
 * the first page is being read are applied once it is in.
 */
export const RequestListStore = signalStore(
  withState<RequestListState>({
    filter: null,
    items: [],
    total: 0,
    nextCursor: null,
    loadingMore: false,
  }),
  withCallState(),
  withMethods((store, api = inject(InboxApi), i18n = inject(I18n)) => {
    let loadSeq = 0;
    /** The last version seen of each request: older or repeated messages are dropped. */
    let seen = new Map<string, number>();
    /** Requests this browser decided (or found decided): they never come back as new unless restored. */
    let gone = new Set<string>();
    let pending: RequestChanged[] | null = null;

    const isNewer = (request: InboxRequest) => (seen.get(request.id) ?? 0) < request.version;

    const matches = (request: InboxRequest): boolean => {
      const filter = store.filter();
      return (
        !!filter &&
        request.status === filter.status &&
        (!filter.pipelineId || request.pipelineId === filter.pipelineId)
      );
    };

    const apply = (message: RequestChanged): void => {
      const request = message.request;
      if (!isNewer(request)) {
        return;
      }
      seen.set(request.id, request.version);
      const items = store.items();
      const index = items.findIndex((r) => r.id === request.id);
      if (!matches(request)) {
        if (index >= 0) {
          patchState(store, {
            items: items.filter((r) => r.id !== request.id),
            total: Math.max(0, store.total() - 1),
          });
        } else if (store.nextCursor() && !gone.has(request.id)) {
          // It waited in a page not loaded yet: the count loses it all the same.
          patchState(store, { total: Math.max(0, store.total() - 1) });
        }
        gone.add(request.id);
        return;
      }
      gone.delete(request.id);
      if (index >= 0) {
        patchState(store, { items: items.map((r, i) => (i === index ? request : r)) });
        return;
      }
      const at = items.findIndex((r) => newer(request, r));
      if (at < 0 && store.nextCursor()) {
        // Older than every loaded one: it is in a page not loaded yet.
        patchState(store, { total: store.total() + 1 });
        return;
      }
      const next = [...items];
      next.splice(at < 0 ? next.length : at, 0, request);
      patchState(store, { items: next, total: store.total() + 1 });
    };

    const load = async (quiet: boolean): Promise<void> => {
      const filter = store.filter();
      if (!filter) {
        return;
      }
      const seq = ++loadSeq;
      pending = [];
      if (!quiet) {
        patchState(store, loading());
      }
      try {
        const page = await firstValueFrom(api.requests({ ...filter, limit: REQUEST_PAGE_SIZE }));
        if (seq !== loadSeq) {
          return;
        }
        seen = new Map(page.items.map((r) => [r.id, r.version]));
        gone = new Set();
        patchState(
          store,
          {
            items: page.items,
            total: page.total ?? 0,
            nextCursor: page.nextCursor,
            loadingMore: false,
          },
          loaded(),
        );
        const missed = pending;
        pending = null;
        missed.forEach(apply);
      } catch (error) {
        if (seq === loadSeq) {
          pending = null;
          patchState(store, failed(problemMessage(error, i18n)));
        }
      }
    };

    return {
      /** Opens a list: empty (skeletons) at once, then the first page. */
      open(filter: RequestFilter): Promise<void> {
        patchState(store, {
          filter,
          items: [],
          total: 0,
          nextCursor: null,
          loadingMore: false,
        });
        return load(false);
      },
      /** Re-reads the first page, keeping what is shown meanwhile (after a reconnect). */
      reload: () => load(true),

      /** The next page (keyset: the previous page's cursor). */
      async loadMore(): Promise<void> {
        const after = store.nextCursor();
        const filter = store.filter();
        if (!after || !filter || store.loadingMore() || pending) {
          return;
        }
        const seq = loadSeq;
        patchState(store, { loadingMore: true });
        try {
          const page = await firstValueFrom(
            api.requests({ ...filter, after, limit: REQUEST_PAGE_SIZE }),
          );
          if (seq !== loadSeq) {
            return;
          }
          const known = new Set(store.items().map((r) => r.id));
          const fresh = page.items.filter((r) => !known.has(r.id) && !gone.has(r.id));
          fresh.forEach((r) => seen.set(r.id, Math.max(seen.get(r.id) ?? 0, r.version)));
          patchState(store, {
            items: [...store.items(), ...fresh],
            nextCursor: page.nextCursor,
            loadingMore: false,
          });
        } catch (error) {
          patchState(store, { loadingMore: false });
          throw error;
        }
      },

      /** Merges a live `requestChanged`. */
      applyChange(message: RequestChanged): void {
        const filter = store.filter();
        if (!filter || (filter.pipelineId && message.pipelineId !== filter.pipelineId)) {
          return;
        }
        if (pending) {
          pending.push(message);
          return;
        }
        apply(message);
      },

      /** A request this user decided or restored, or found taken (409): it leaves the list. */
      remove(requestId: string): void {
        const items = store.items();
        if (items.some((r) => r.id === requestId)) {
          patchState(store, {
            items: items.filter((r) => r.id !== requestId),
            total: Math.max(0, store.total() - 1),
          });
          gone.add(requestId);
        }
      },
    };
  }),
);
