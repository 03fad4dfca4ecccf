import { DOCUMENT } from '@angular/common';
import { computed, inject } from '@angular/core';
import { patchState, signalStore, withComputed, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { Pipeline } from './models';
import { PipelinesApi } from './pipelines-api';

export const REMEMBERED_PIPELINE_KEY = 'crm.pipeline';

/**
 * The active pipelines (by position) for the switcher in the navigation rail and on the
 * board, and the one this browser used last: /deals opens it again.
 */
export const PipelinesStore = signalStore(
  { providedIn: 'root' },
  withState<{ pipelines: readonly Pipeline[]; rememberedId: string | null }>({
    pipelines: [],
    rememberedId: null,
  }),
  withCallState(),
  withComputed(({ pipelines, rememberedId }) => ({
    /** The remembered pipeline while it is still active, else the first one. */
    defaultPipeline: computed<Pipeline | null>(
      () => pipelines().find((p) => p.id === rememberedId()) ?? pipelines()[0] ?? null,
    ),
  })),
  withMethods((store, api = inject(PipelinesApi), i18n = inject(I18n)) => {
    const storage = inject(DOCUMENT).defaultView?.localStorage;
    const read = () => {
      try {
        return storage?.getItem(REMEMBERED_PIPELINE_KEY) ?? null;
      } catch {
        return null;
      }
    };
    patchState(store, { rememberedId: read() });
    let pending: Promise<void> | null = null;

    const load = (): Promise<void> => {
      pending ??= (async () => {
        patchState(store, loading());
        try {
          const pipelines = await firstValueFrom(api.list());
          const active = pipelines
            .filter((p) => !p.archived)
            .sort((a, b) => a.position - b.position);
          patchState(store, { pipelines: active }, loaded());
        } catch (error) {
          patchState(store, failed(problemMessage(error, i18n)));
        } finally {
          pending = null;
        }
      })();
      return pending;
    };

    return {
      load,
      async ensureLoaded(): Promise<void> {
        if (!store.loaded()) {
          await load();
        }
      },
      byId(id: string): Pipeline | undefined {
        return store.pipelines().find((p) => p.id === id);
      },
      /** Called when a board opens, so the next visit to /deals comes back to it. */
      remember(id: string): void {
        patchState(store, { rememberedId: id });
        try {
          storage?.setItem(REMEMBERED_PIPELINE_KEY, id);
        } catch {
          // Storage may be disabled; remembering is a convenience only.
        }
      },
    };
  }),
);
