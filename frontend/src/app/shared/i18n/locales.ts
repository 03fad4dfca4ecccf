import { registerLocaleData } from '@angular/common';
import localeEn from '@angular/common/locales/en';
import localeRu from '@angular/common/locales/ru';

/** Angular's number, currency and date pipes need locale data for every language we offer. */
export function registerLocales(): void {
  registerLocaleData(localeRu, 'ru');
  registerLocaleData(localeEn, 'en');
}
