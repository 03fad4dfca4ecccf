import { inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { TaskType } from './models';
import { TasksApi } from './tasks-api';

/** The task types offered (the admin adds types; built-in ones stay). Loaded once per session. */
export const TaskTypesStore = signalStore(
  { providedIn: 'root' },
  withState<{ types: readonly TaskType[]; loaded: boolean }>({ types: [], loaded: false }),
  withMethods((store, api = inject(TasksApi)) => {
    let pending: Promise<void> | null = null;
    return {
      ensureLoaded(): Promise<void> {
        if (store.loaded()) {
          return Promise.resolve();
        }
        pending ??= firstValueFrom(api.types())
          .then((types) =>
            patchState(store, {
              types: [...types].sort((a, b) => a.position - b.position),
              loaded: true,
            }),
          )
          .catch((error: unknown) => console.warn('Could not load task types', error))
          .finally(() => (pending = null));
        return pending;
      },
    };
  }),
);
