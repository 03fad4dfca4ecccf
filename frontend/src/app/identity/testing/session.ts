import { Provider, computed, signal } from '@angular/core';
import { Me, Role } from '../data-access/models';
import { SessionStore } from '../data-access/session-store';

/** A user as GET /me answers; override what the test is about. */
export function me(id = 'u1', role: Role = 'Manager'): Me {
  return {
    id,
    email: `${id}@crm.local`,
    displayName: `Пользователь ${id}`,
    role,
    settings: { language: 'ru', timeZone: 'Europe/Moscow', reminderLeadMinutes: 15 },
  };
}

/**
 * The session of a signed-in user, without the start-up call: for specs of screens that ask
 * who is signed in (rights), not of how the session is read.
 */
export function signedInAs(user: Me): Provider {
  const current = signal<Me | null>(user);
  return {
    provide: SessionStore,
    useValue: {
      me: current,
      status: signal('signed-in'),
      isSignedIn: computed(() => current() !== null),
      isAdmin: computed(() => current()?.role === 'Admin'),
      canConfigureSales: computed(
        () => current()?.role === 'Admin' || current()?.role === 'HeadOfSales',
      ),
      ensureLoaded: () => Promise.resolve(),
      load: () => Promise.resolve(),
    },
  };
}
