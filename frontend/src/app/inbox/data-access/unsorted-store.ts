import { inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { InboxApi } from './inbox-api';
import { InboxRequest, RequestChanged } from './models';

/** A page of the column, as the other columns of the board ask theirs. */
export const UNSORTED_PAGE_SIZE = 50;

interface UnsortedState {
  readonly pipelineId: string | null;
  /** The pipeline's new requests loaded so far, newest first. */
  readonly items: readonly InboxRequest[];
  /** Every new request of the pipeline (the column's count), loaded or not. */
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
 * «Неразобранное» of one pipeline: its new requests, a page at a time, kept live from
 * `requestChanged` (a new one appears in its place, an accepted or declined one leaves). A
 * message no newer than the version shown (an echo of our own accept) changes nothing; the
 * messages that arrive while a page is being read are applied once it is in.
 */
export const UnsortedStore = signalStore(
  withState<UnsortedState>({
    pipelineId: null,
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

    const apply = (message: RequestChanged): void => {
      const request = message.request;
      if (!isNewer(request)) {
        return;
      }
      seen.set(request.id, request.version);
      const items = store.items();
      const index = items.findIndex((r) => r.id === request.id);
      if (message.status !== 'new') {
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
      const pipelineId = store.pipelineId();
      if (!pipelineId) {
        return;
      }
      const seq = ++loadSeq;
      pending = [];
      if (!quiet) {
        patchState(store, loading());
      }
      try {
        const page = await firstValueFrom(
          api.requests({ status: 'new', pipelineId, limit: UNSORTED_PAGE_SIZE }),
        );
        if (seq !== loadSeq) {
          return;
        }
        seen = new Map(page.items.map((r) => [r.id, r.version]));
        gone = new Set();
        patchState(
          store,
          { items: page.items, total: page.total, nextCursor: page.nextCursor, loadingMore: false },
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
      /** Opens a pipeline's column: empty (skeletons) at once, then the first page. */
      open(pipelineId: string): Promise<void> {
        patchState(store, {
          pipelineId,
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
        const pipelineId = store.pipelineId();
        if (!after || !pipelineId || store.loadingMore() || pending) {
          return;
        }
        const seq = loadSeq;
        patchState(store, { loadingMore: true });
        try {
          const page = await firstValueFrom(
            api.requests({ status: 'new', pipelineId, after, limit: UNSORTED_PAGE_SIZE }),
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

      /** Merges a live `requestChanged` of this pipeline. */
      applyChange(message: RequestChanged): void {
        if (message.pipelineId !== store.pipelineId()) {
          return;
        }
        if (pending) {
          pending.push(message);
          return;
        }
        apply(message);
      },

      /** A request this user accepted or declined, or found taken (409): it leaves the column. */
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
