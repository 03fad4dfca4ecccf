import { computed, inject } from '@angular/core';
import { patchState, signalStore, withComputed, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { IdentityApi } from './identity-api';
import { CreateUserRequest, UpdateUserRequest, User } from './models';

interface UsersState {
  readonly users: readonly User[];
  readonly query: string;
}

const byName = (a: User, b: User) =>
  a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' });

/**
 * The users admin page's state. Commands resolve with the server's user and reject with
 * the HttpErrorResponse, so dialogs can show field errors and 409s where they happened.
 */
export const UsersStore = signalStore(
  withState<UsersState>({ users: [], query: '' }),
  withCallState(),
  withComputed(({ users, query }) => ({
    filtered: computed(() => {
      const needle = query().trim().toLocaleLowerCase();
      return needle
        ? users().filter(
            (user) =>
              user.displayName.toLocaleLowerCase().includes(needle) ||
              user.email.toLocaleLowerCase().includes(needle),
          )
        : users();
    }),
  })),
  withMethods((store, api = inject(IdentityApi), i18n = inject(I18n)) => {
    const upsert = (user: User) =>
      patchState(store, {
        users: [...store.users().filter((existing) => existing.id !== user.id), user].sort(byName),
      });
    return {
      async load(): Promise<void> {
        patchState(store, loading());
        try {
          const users = await firstValueFrom(api.users());
          patchState(store, { users: [...users].sort(byName) }, loaded());
        } catch (error) {
          patchState(store, failed(problemMessage(error, i18n)));
        }
      },
      search(query: string): void {
        patchState(store, { query });
      },
      async create(request: CreateUserRequest): Promise<User> {
        const user = await firstValueFrom(api.createUser(request));
        upsert(user);
        return user;
      },
      async update(id: string, request: UpdateUserRequest): Promise<User> {
        const user = await firstValueFrom(api.updateUser(id, request));
        upsert(user);
        return user;
      },
      /** Re-reads one user after a 409, for the dialog to start from the fresh version. */
      async refresh(id: string): Promise<User | undefined> {
        const users = await firstValueFrom(api.users());
        patchState(store, { users: [...users].sort(byName) }, loaded());
        return users.find((user) => user.id === id);
      },
      async setActive(user: User, active: boolean): Promise<User> {
        const updated = await firstValueFrom(
          active ? api.activateUser(user.id) : api.deactivateUser(user.id),
        );
        upsert(updated);
        return updated;
      },
      async resetPassword(user: User, password: string): Promise<void> {
        await firstValueFrom(api.resetPassword(user.id, password));
      },
    };
  }),
);
