import { computed, inject } from '@angular/core';
import { patchState, signalStore, withComputed, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { IdentityApi } from './identity-api';
import { User } from './models';

/**
 * Everyone's names, for showing "who" on cards, in histories and in the responsible
 * select (active users only; a responsible who has been deactivated is shown greyed out,
 * marked «(отключён)», and cannot be picked again: the server refuses them). Loaded once per
 * session (GET /api/identity/users is open to everyone signed in).
 */
export const PeopleStore = signalStore(
  { providedIn: 'root' },
  withState<{ users: readonly User[]; loaded: boolean }>({ users: [], loaded: false }),
  withComputed(({ users }) => ({
    names: computed(() => new Map(users().map((user) => [user.id, user.displayName]))),
    active: computed(() => users().filter((user) => user.isActive)),
    byId: computed(() => new Map(users().map((user) => [user.id, user]))),
  })),
  withMethods((store, api = inject(IdentityApi)) => {
    let pending: Promise<void> | null = null;
    return {
      ensureLoaded(): Promise<void> {
        if (store.loaded()) {
          return Promise.resolve();
        }
        pending ??= firstValueFrom(api.users())
          .then((users) => patchState(store, { users, loaded: true }))
          .catch((error: unknown) => console.warn('Could not load user names', error))
          .finally(() => (pending = null));
        return pending;
      },
      nameOf(id: string | null | undefined): string {
        return (id && store.names().get(id)) || '';
      },
      /** The user, when they are known and deactivated (a responsible kept from before); else null. */
      deactivated(id: string | null | undefined): User | null {
        const user = id ? store.byId().get(id) : undefined;
        return user && !user.isActive ? user : null;
      },
    };
  }),
);
