import { DestroyRef, inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { CreateStageRequest, Pipeline, PipelineKind, Stage, UpdateStageRequest } from './models';
import { PipelinesApi } from './pipelines-api';
import { PipelinesStore } from './pipelines-store';

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

/**
 * After a 202 the screen reads the pipelines again after each of these pauses (about half a minute
 * in all, on top of the server's own wait) until Deals' answer shows: the stage gone or refused.
 */
export const REMOVAL_FOLLOW_DELAYS_MS: readonly number[] = [
  500, 1000, 2000, 4000, 8000, 8000, 8000,
];

/** How a removal ended, as far as the screen followed it. */
export type StageRemoval =
  | { readonly outcome: 'removed' }
  | { readonly outcome: 'refused'; readonly dealCount: number }
  | { readonly outcome: 'pending' };

/** Resolves after `ms`, or at once when the screen has gone. */
const pause = (ms: number, gone: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (gone.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    gone.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      gone.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * Settings → pipelines and their stages (Admin, HeadOfSales), archived ones included.
 * Commands reject with the HttpErrorResponse for the screen to explain; every change also
 * refreshes the switcher's list.
 */
export const PipelinesAdminStore = signalStore(
  withState<{ pipelines: readonly Pipeline[] }>({ pipelines: [] }),
  withCallState(),
  withMethods(
    (store, api = inject(PipelinesApi), i18n = inject(I18n), active = inject(PipelinesStore)) => {
      // The screen's store (provided by the page): once it is gone, a removal is no longer followed.
      const gone = new AbortController();
      inject(DestroyRef).onDestroy(() => gone.abort());
      const put = (pipeline: Pipeline) => {
        patchState(store, {
          pipelines: [...store.pipelines().filter((p) => p.id !== pipeline.id), pipeline].sort(
            byPosition,
          ),
        });
        void active.load();
      };
      const putStages = (
        pipelineId: string,
        stages: (stages: readonly Stage[]) => readonly Stage[],
      ) =>
        patchState(store, {
          pipelines: store
            .pipelines()
            .map((p) =>
              p.id === pipelineId ? { ...p, stages: [...stages(p.stages)].sort(byPosition) } : p,
            ),
        });
      const load = async (): Promise<void> => {
        patchState(store, loading());
        try {
          const pipelines = await firstValueFrom(api.list(true));
          patchState(store, { pipelines: [...pipelines].sort(byPosition) }, loaded());
        } catch (error) {
          patchState(store, failed(problemMessage(error, i18n)));
        }
      };
      return {
        load,
        async create(name: string, kind: PipelineKind): Promise<Pipeline> {
          const pipeline = await firstValueFrom(api.create(name, kind));
          put(pipeline);
          return pipeline;
        },
        async update(
          pipeline: Pipeline,
          changes: Partial<{ name: string; position: number; archived: boolean }>,
        ): Promise<Pipeline> {
          const saved = await firstValueFrom(
            api.update(pipeline.id, {
              name: pipeline.name,
              position: pipeline.position,
              archived: pipeline.archived,
              version: pipeline.version,
              ...changes,
            }),
          );
          // A new position shifts the others: read the whole order again.
          if (changes.position !== undefined) {
            await load();
            void active.load();
          } else {
            put(saved);
          }
          return saved;
        },
        async archive(pipeline: Pipeline): Promise<void> {
          await firstValueFrom(api.archive(pipeline.id));
          put({ ...pipeline, archived: true, version: pipeline.version + 1 });
          await load();
        },
        async addStage(pipelineId: string, request: CreateStageRequest): Promise<Stage> {
          await firstValueFrom(api.addStage(pipelineId, request));
          // Positions of the closing stages move: take the pipeline as the server has it.
          await load();
          void active.load();
          return store
            .pipelines()
            .find((p) => p.id === pipelineId)!
            .stages.find((s) => s.name === request.name)!;
        },
        async updateStage(pipelineId: string, stage: Stage, changes: Partial<UpdateStageRequest>) {
          const saved = await firstValueFrom(
            api.updateStage(pipelineId, stage.id, {
              name: stage.name,
              color: stage.color,
              probability: stage.probability,
              version: stage.version,
              ...changes,
            }),
          );
          putStages(pipelineId, (stages) => stages.map((s) => (s.id === saved.id ? saved : s)));
          void active.load();
          return saved;
        },
        /**
         * Removed (204), or refused (409: rejects, and the list is read again so that the stage
         * shows why it stayed). While Deals has not answered (202) the stage shows as being removed,
         * and the pipelines are read again with growing pauses until the stage is gone or its
         * request refused; what the screen saw last is the outcome ("pending" when it gave up).
         */
        async removeStage(pipelineId: string, stage: Stage): Promise<StageRemoval> {
          const pending = await firstValueFrom(api.removeStage(pipelineId, stage.id)).catch(
            (error: unknown) => {
              void load();
              throw error;
            },
          );
          if (!pending) {
            putStages(pipelineId, (stages) => stages.filter((s) => s.id !== stage.id));
            void active.load();
            return { outcome: 'removed' };
          }
          putStages(pipelineId, (stages) => stages.map((s) => (s.id === pending.id ? pending : s)));
          for (const delay of REMOVAL_FOLLOW_DELAYS_MS) {
            await pause(delay, gone.signal);
            if (gone.signal.aborted) {
              break;
            }
            let pipelines: Pipeline[];
            try {
              pipelines = await firstValueFrom(api.list(true));
            } catch {
              continue; // a blip: the next pause tries again
            }
            patchState(store, { pipelines: [...pipelines].sort(byPosition) });
            const now = pipelines
              .find((p) => p.id === pipelineId)
              ?.stages.find((s) => s.id === stage.id);
            if (!now) {
              void active.load();
              return { outcome: 'removed' };
            }
            if (!now.removing) {
              return { outcome: 'refused', dealCount: now.refusedDealCount ?? now.dealCount };
            }
          }
          return { outcome: 'pending' };
        },
        /** Shows the new order at once; puts the old one back if the server refuses. */
        async reorderStages(pipelineId: string, stageIds: readonly string[]): Promise<void> {
          const before = store.pipelines().find((p) => p.id === pipelineId);
          if (!before) {
            return;
          }
          putStages(pipelineId, (stages) =>
            stages.map((s) => ({ ...s, position: stageIds.indexOf(s.id) })),
          );
          try {
            put(await firstValueFrom(api.reorderStages(pipelineId, stageIds)));
          } catch (error) {
            put(before);
            throw error;
          }
        },
      };
    },
  ),
);
