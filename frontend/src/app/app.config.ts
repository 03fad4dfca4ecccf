import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import {
  TitleStrategy,
  provideRouter,
  withComponentInputBinding,
  withInMemoryScrolling,
} from '@angular/router';
import { routes } from './app.routes';
import { SessionStore } from './identity';
import { acceptLanguageInterceptor } from './shared/http/accept-language';
import { SESSION_EXPIRED, unauthorizedInterceptor } from './shared/http/unauthorized';
import { registerLocales } from './shared/i18n/locales';
import { TranslatedTitleStrategy } from './shared/i18n/title-strategy';
import { provideLocaleDates } from './shared/time/locale-dates';

registerLocales();

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling()),
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideHttpClient(
      withInterceptors([acceptLanguageInterceptor, unauthorizedInterceptor]),
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
    ),
    {
      provide: SESSION_EXPIRED,
      useFactory: () => {
        const session = inject(SessionStore);
        return () => session.expire();
      },
    },
    { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { appearance: 'outline' } },
    // Dates typed and picked in the app's language and the user's zone, not the browser's.
    provideLocaleDates(),
    // Who is signed in decides the first screen and the language; this call also gives
    // the browser its XSRF-TOKEN cookie.
    provideAppInitializer(() => inject(SessionStore).load()),
  ],
};
