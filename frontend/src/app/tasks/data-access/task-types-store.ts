import { inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { TaskType, TaskTypeInput } from './models';
import { TasksApi } from './tasks-api';

const byPosition = (a: TaskType, b: TaskType) => a.position - b.position;

/**
 * The task types offered (the admin adds types; built-in ones stay). Loaded once per session;
 * Settings → «Типы задач» adds, renames and deletes them here, so the task dialogs offer the
 * change at once.
 */
export const TaskTypesStore = signalStore(
  { providedIn: 'root' },
  withState<{ types: readonly TaskType[] }>({ types: [] }),
  withCallState(),
  withMethods((store, api = inject(TasksApi), i18n = inject(I18n)) => {
    let pending: Promise<void> | null = null;
    const load = (): Promise<void> => {
      pending ??= (async () => {
        patchState(store, loading());
        try {
          const types = await firstValueFrom(api.types());
          patchState(store, { types: [...types].sort(byPosition) }, loaded());
        } catch (error) {
          patchState(store, failed(problemMessage(error, i18n)));
        } finally {
          pending = null;
        }
      })();
      return pending;
    };
    const put = (type: TaskType) =>
      patchState(store, {
        types: [...store.types().filter((t) => t.id !== type.id), type].sort(byPosition),
      });
    return {
      ensureLoaded(): Promise<void> {
        return store.loaded() ? Promise.resolve() : load();
      },
      /** Re-reads the list (the settings screen on open: another admin may have changed it). */
      reload: load,
      /** Adds a type (it goes last). Rejects with the server's problem (400 duplicate, 403). */
      async create(input: TaskTypeInput): Promise<TaskType> {
        const type = await firstValueFrom(api.createType(input));
        put(type);
        return type;
      },
      async rename(type: TaskType, input: TaskTypeInput): Promise<TaskType> {
        const saved = await firstValueFrom(
          api.renameType(type.id, { ...input, version: type.version }),
        );
        put(saved);
        return saved;
      },
      /** Deletes a type the admin added (a built-in one is refused with 409). */
      async remove(type: TaskType): Promise<void> {
        await firstValueFrom(api.deleteType(type.id));
        patchState(store, { types: store.types().filter((t) => t.id !== type.id) });
      },
    };
  }),
);
