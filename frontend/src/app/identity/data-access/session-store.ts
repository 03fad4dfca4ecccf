import { computed, inject } from '@angular/core';
import { patchState, signalStore, withComputed, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { I18n, Language, isLanguage } from '../../shared/i18n/i18n';
import { IdentityApi } from './identity-api';
import { Me, Settings } from './models';

/** `unknown` until the start-up call to /session has answered. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

interface SessionState {
  readonly me: Me | null;
  readonly status: SessionStatus;
}

/**
 * Who is signed in. Filled once on start (GET /session, 200 with `signedIn` either way), by sign-in,
 * and emptied by sign-out or when any call answers 401. The user's settings drive the
 * UI language and the time zone dates are shown in.
 */
export const SessionStore = signalStore(
  { providedIn: 'root' },
  withState<SessionState>({ me: null, status: 'unknown' }),
  withComputed(({ me }) => ({
    isSignedIn: computed(() => me() !== null),
    isAdmin: computed(() => me()?.role === 'Admin'),
    /** Pipelines, stages and deal fields: Admin and HeadOfSales (docs/pipelines-deals-api.md). */
    canConfigureSales: computed(() => me()?.role === 'Admin' || me()?.role === 'HeadOfSales'),
  })),
  withMethods((store, api = inject(IdentityApi), i18n = inject(I18n)) => {
    let pendingLoad: Promise<void> | null = null;

    const applySettings = (settings: Settings) => {
      if (isLanguage(settings.language)) {
        i18n.use(settings.language);
      }
      i18n.useTimeZone(settings.timeZone);
    };
    const signedIn = (me: Me) => {
      patchState(store, { me, status: 'signed-in' });
      applySettings(me.settings);
    };
    const signedOut = () => patchState(store, { me: null, status: 'signed-out' });

    const load = (): Promise<void> => {
      pendingLoad ??= firstValueFrom(api.session())
        .then((session) =>
          session.signedIn && session.user ? signedIn(session.user) : signedOut(),
        )
        .catch((error: unknown) => {
          // Server down or 5xx: the sign-in page, whose own call then says what is wrong.
          console.warn('Could not read the session', error);
          signedOut();
        })
        .finally(() => (pendingLoad = null));
      return pendingLoad;
    };

    return {
      load,
      /** Waits for the start-up call; calls /session only if nobody has yet. */
      async ensureLoaded(): Promise<void> {
        if (store.status() === 'unknown') {
          await load();
        }
      },
      /** Rejects with the HttpErrorResponse (401 problem) for the form to show. */
      async signIn(email: string, password: string): Promise<Me> {
        const me = await firstValueFrom(api.signIn({ email, password }));
        signedIn(me);
        return me;
      },
      async signOut(): Promise<void> {
        try {
          await firstValueFrom(api.signOut());
        } catch (error) {
          // The local session ends anyway; the next start asks the server again.
          console.warn('Sign-out call failed', error);
        } finally {
          signedOut();
        }
      },
      /** The session ended on the server (a 401 on some call). */
      expire(): void {
        signedOut();
      },
      async saveSettings(settings: Settings): Promise<Settings> {
        const saved = await firstValueFrom(api.saveSettings(settings));
        const me = store.me();
        if (me) {
          patchState(store, { me: { ...me, settings: saved } });
        }
        applySettings(saved);
        return saved;
      },
      /**
       * Switches the UI at once; saves the choice to the user's settings when signed in
       * and switches back if the server refuses (the error is rethrown for a message).
       */
      async changeLanguage(language: Language): Promise<void> {
        const previous = i18n.language();
        i18n.use(language);
        const me = store.me();
        if (!me || me.settings.language === language) {
          return;
        }
        try {
          const saved = await firstValueFrom(api.saveSettings({ ...me.settings, language }));
          patchState(store, { me: { ...me, settings: saved } });
        } catch (error) {
          i18n.use(previous);
          throw error;
        }
      },
    };
  }),
);
