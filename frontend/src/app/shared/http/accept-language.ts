import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { I18n } from '../i18n/i18n';

/** Server messages (problem details, validation) come back in the language the user sees. */
export const acceptLanguageInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/')) {
    return next(request);
  }
  const language = inject(I18n).language();
  return next(request.clone({ setHeaders: { 'Accept-Language': language } }));
};
