import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  RouterStateSnapshot,
  UrlTree,
  convertToParamMap,
  provideRouter,
} from '@angular/router';
import { adminGuard, authGuard, guestGuard, safeReturnUrl } from './auth-guard';
import { SessionStore } from './data-access/session-store';
import { Role } from './data-access/models';

/** Only what the guards read from the store. */
function fakeSession(signedIn: boolean, role: Role = 'Manager') {
  return {
    ensureLoaded: vi.fn(async () => undefined),
    isSignedIn: signal(signedIn),
    isAdmin: signal(signedIn && role === 'Admin'),
  };
}

function run(guard: typeof authGuard, url = '/deals', query: Record<string, string> = {}) {
  const route = { queryParamMap: convertToParamMap(query) } as ActivatedRouteSnapshot;
  const state = { url } as RouterStateSnapshot;
  return TestBed.runInInjectionContext(() => guard(route, state)) as Promise<boolean | UrlTree>;
}

function setup(session: ReturnType<typeof fakeSession>) {
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideRouter([]),
      { provide: SessionStore, useValue: session },
    ],
  });
  return session;
}

describe('authGuard', () => {
  it('lets a signed-in user through once the session is known', async () => {
    const session = setup(fakeSession(true));

    expect(await run(authGuard)).toBe(true);
    expect(session.ensureLoaded).toHaveBeenCalled();
  });

  it('sends a signed-out user to /sign-in with the way back', async () => {
    setup(fakeSession(false));

    const result = await run(authGuard, '/settings/users?x=1');

    expect(result).toBeInstanceOf(UrlTree);
    expect(result.toString()).toBe('/sign-in?returnUrl=%2Fsettings%2Fusers%3Fx%3D1');
  });
});

describe('adminGuard', () => {
  it('lets an administrator through', async () => {
    setup(fakeSession(true, 'Admin'));

    expect(await run(adminGuard)).toBe(true);
  });

  it('sends a manager back to the settings page', async () => {
    setup(fakeSession(true, 'Manager'));

    expect((await run(adminGuard)).toString()).toBe('/settings');
  });
});

describe('guestGuard', () => {
  it('shows the sign-in page to a signed-out user', async () => {
    setup(fakeSession(false));

    expect(await run(guestGuard, '/sign-in')).toBe(true);
  });

  it('sends a signed-in user where they were going', async () => {
    setup(fakeSession(true));

    const result = await run(guestGuard, '/sign-in', { returnUrl: '/tasks' });

    expect(result.toString()).toBe('/tasks');
  });
});

describe('safeReturnUrl', () => {
  it('keeps paths inside the app and refuses everything else', () => {
    expect(safeReturnUrl('/deals?pipeline=2')).toBe('/deals?pipeline=2');
    expect(safeReturnUrl(null)).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('/\\evil.example')).toBe('/');
    expect(safeReturnUrl('/sign-in')).toBe('/');
  });
});
