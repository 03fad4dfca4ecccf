import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './data-access/session-store';

/** Signed-in users only; others go to /sign-in and come back here afterwards. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  await session.ensureLoaded();
  return session.isSignedIn()
    ? true
    : router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** Administrators only; others land on the settings page, which shows what they may use. */
export const adminGuard: CanActivateFn = async () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  await session.ensureLoaded();
  if (!session.isSignedIn()) {
    return router.createUrlTree(['/sign-in']);
  }
  return session.isAdmin() ? true : router.createUrlTree(['/settings']);
};

/** Admin and head of sales: the pipelines, stages and deal fields screens. */
export const salesAdminGuard: CanActivateFn = async () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  await session.ensureLoaded();
  if (!session.isSignedIn()) {
    return router.createUrlTree(['/sign-in']);
  }
  return session.canConfigureSales() ? true : router.createUrlTree(['/settings']);
};

/** The sign-in page is for signed-out users; a signed-in one goes where they were heading. */
export const guestGuard: CanActivateFn = async (route) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  await session.ensureLoaded();
  return session.isSignedIn()
    ? router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')))
    : true;
};

/** Only paths inside this app: never an open redirect to another site. */
export function safeReturnUrl(value: string | null | undefined): string {
  if (
    !value ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\') ||
    value.startsWith('/sign-in')
  ) {
    return '/';
  }
  return value;
}
