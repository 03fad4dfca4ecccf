import { inject } from '@angular/core';
import { patchState, signalStore, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { IdentityApi } from './identity-api';
import { ApiToken, CreatedApiToken } from './models';

/** The signed-in user's personal API tokens (the secret itself is never kept here). */
export const TokensStore = signalStore(
  withState<{ tokens: readonly ApiToken[] }>({ tokens: [] }),
  withCallState(),
  withMethods((store, api = inject(IdentityApi), i18n = inject(I18n)) => ({
    async load(): Promise<void> {
      patchState(store, loading());
      try {
        patchState(store, { tokens: await firstValueFrom(api.tokens()) }, loaded());
      } catch (error) {
        patchState(store, failed(problemMessage(error, i18n)));
      }
    },
    async create(name: string): Promise<CreatedApiToken> {
      const created = await firstValueFrom(api.createToken(name));
      const listed: ApiToken = {
        id: created.id,
        name: created.name,
        createdAt: created.createdAt,
        lastUsedAt: null,
      };
      patchState(store, { tokens: [listed, ...store.tokens()] });
      return created;
    },
    async revoke(token: ApiToken): Promise<void> {
      await firstValueFrom(api.revokeToken(token.id));
      patchState(store, { tokens: store.tokens().filter((t) => t.id !== token.id) });
    },
  })),
);
