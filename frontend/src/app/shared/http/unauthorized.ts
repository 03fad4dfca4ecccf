import { HttpContextToken, HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { InjectionToken, inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';

/**
 * Set on calls whose 401 is an answer, not an expired session: the sign-in and sign-out
 * themselves. (The start-up "who am I" probe, GET /session, answers 200 either way.)
 */
export const EXPECTS_UNAUTHORIZED = new HttpContextToken<boolean>(() => false);

/** Forgets the signed-in user; provided by the identity feature. */
export const SESSION_EXPIRED = new InjectionToken<() => void>('SESSION_EXPIRED');

/**
 * A 401 on any other call means the session ended (expired, signed out in another tab,
 * user deactivated): forget the user and go to the sign-in page, which brings the user
 * back here afterwards.
 */
export const unauthorizedInterceptor: HttpInterceptorFn = (request, next) => {
  const router = inject(Router);
  const sessionExpired = inject(SESSION_EXPIRED, { optional: true });
  return next(request).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        !request.context.get(EXPECTS_UNAUTHORIZED)
      ) {
        sessionExpired?.();
        const returnUrl = router.url;
        if (!returnUrl.startsWith('/sign-in')) {
          void router.navigate(['/sign-in'], { queryParams: { returnUrl } });
        }
      }
      return throwError(() => error);
    }),
  );
};
