import {
  EnvironmentProviders,
  Injectable,
  effect,
  inject,
  makeEnvironmentProviders,
} from '@angular/core';
import { DateFnsAdapter } from '@angular/material-date-fns-adapter';
import { DateAdapter, MAT_DATE_FORMATS, MatDateFormats } from '@angular/material/core';
import { Locale } from 'date-fns';
import { enGB } from 'date-fns/locale/en-GB';
import { ru } from 'date-fns/locale/ru';
import { I18n, Language } from '../i18n/i18n';
import { dayKey, pickerDate, timeKey } from './zoned-time';

const LOCALES: Readonly<Record<Language, Locale>> = { ru, en: enGB };

/**
 * What a user may type, tried in order: a two-digit year first ("7.12.26" is 2026, not the
 * year 26), then the full date, then day and month of this year ("7.12"). English is en-GB,
 * as `I18n.locale()`: day first, 24-hour clock.
 */
const DATE_INPUTS: Readonly<Record<Language, readonly string[]>> = {
  ru: ['dd.MM.yy', 'P', 'd.M'],
  en: ['dd/MM/yy', 'P', 'd/M'],
};
const TIME_INPUTS: readonly string[] = ['p', 'H:mm', 'H.mm', 'HHmm', 'H'];

/** Marks in MAT_DATE_FORMATS that the adapter replaces with the language's lists above. */
const DATE_INPUT = 'P';
const TIME_INPUT = 'p';

/**
 * date-fns patterns, localised by the adapter's date-fns locale ("07.12.2026", "07/12/2026");
 * times on the 24-hour clock with two-digit hours ("09:30"), as the task lists write them.
 */
export const LOCALE_DATE_FORMATS: MatDateFormats = {
  parse: { dateInput: DATE_INPUT, timeInput: TIME_INPUT },
  display: {
    dateInput: 'P',
    timeInput: 'HH:mm',
    monthYearLabel: 'LLL uuuu',
    dateA11yLabel: 'PP',
    monthYearA11yLabel: 'LLLL uuuu',
    timeOptionLabel: 'HH:mm',
  },
};

/**
 * Material's date-fns adapter in the app's language, not the browser's: it follows
 * `I18n.language()` (a switch re-renders every picker and typed date), reads what the user types
 * in that language's order, and takes "today" from the user's time zone. The values are
 * wall-clock `Date`s (see `pickerDate` in zoned-time.ts); the forms turn them into instants.
 */
@Injectable()
export class LocaleDateAdapter extends DateFnsAdapter {
  private readonly i18n = inject(I18n);
  private language: Language = this.i18n.language();

  constructor() {
    super();
    this.useLanguage(this.i18n.language());
    effect(() => this.useLanguage(this.i18n.language()));
  }

  override today(): Date {
    const zone = this.i18n.timeZone();
    const now = new Date();
    const [h, m] = timeKey(now, zone).split(':').map(Number);
    const today = pickerDate(dayKey(now, zone));
    today.setHours(h, m);
    return today;
  }

  override parse(value: unknown, parseFormat: string | string[]): Date | null {
    return super.parse(
      value,
      parseFormat === DATE_INPUT ? [...DATE_INPUTS[this.language]] : parseFormat,
    );
  }

  override parseTime(value: unknown, parseFormat: string | string[]): Date | null {
    return super.parseTime(value, parseFormat === TIME_INPUT ? [...TIME_INPUTS] : parseFormat);
  }

  private useLanguage(language: Language): void {
    if (this.locale !== LOCALES[language]) {
      this.language = language;
      this.setLocale(LOCALES[language]);
    }
  }
}

/**
 * Dates typed and picked in the app's language and the user's zone (app.config and tests). The
 * calendar's own texts are translated by `translateDatepicker()`, which the components showing
 * a picker call: importing the datepicker here would put it in the first bundle.
 */
export function provideLocaleDates(): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: DateAdapter, useClass: LocaleDateAdapter },
    { provide: MAT_DATE_FORMATS, useValue: LOCALE_DATE_FORMATS },
  ]);
}
