import { Pipe, PipeTransform, inject } from '@angular/core';
import { knownZone } from '../time/zoned-time';
import { I18n } from './i18n';

export type DateTimeStyle = 'date' | 'dateTime';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, style: DateTimeStyle): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${timeZone}|${style}`;
  let format = formatters.get(cacheKey);
  if (!format) {
    const zone = knownZone(timeZone);
    format = new Intl.DateTimeFormat(
      locale,
      style === 'date'
        ? { dateStyle: 'medium', timeZone: zone }
        : { dateStyle: 'medium', timeStyle: 'short', timeZone: zone },
    );
    formatters.set(cacheKey, format);
  }
  return format;
}

/** Formats an ISO instant in the user's language and time zone (Angular's DatePipe takes offsets only). */
export function formatDateTime(
  value: string | Date,
  locale: string,
  timeZone: string,
  style: DateTimeStyle = 'dateTime',
): string {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : formatter(locale, timeZone, style).format(date);
}

/** `{{ user.createdAt | dateTime }}` or `{{ user.createdAt | dateTime: 'date' }}`. */
@Pipe({ name: 'dateTime', pure: false })
export class DateTimePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(value: string | Date | null | undefined, style: DateTimeStyle = 'dateTime'): string {
    return value ? formatDateTime(value, this.i18n.locale(), this.i18n.timeZone(), style) : '';
  }
}
