import { I18n } from '../i18n/i18n';
import { dayKey, knownZone } from '../time/zoned-time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function time(date: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(
    date,
  );
}

/**
 * "сегодня 15:30", "вчера 09:05", otherwise "12 мар. 2026 г., 15:30": when something
 * happened, in the user's time zone and language.
 */
export function formatRelativeDateTime(
  value: string | Date,
  i18n: I18n,
  now: Date = new Date(),
): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const zone = knownZone(i18n.timeZone());
  const locale = i18n.locale();
  const day = dayKey(date, zone);
  const at = time(date, locale, zone);
  if (day === dayKey(now, zone)) {
    return i18n.t('time.today', { time: at });
  }
  if (day === dayKey(new Date(now.getTime() - DAY), zone)) {
    return i18n.t('time.yesterday', { time: at });
  }
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  });
  return format.format(date);
}

/** How long something has been so: "5 мин", "3 ч", "2 дн." — for "time in stage" on cards. */
export function formatDuration(since: string | Date, i18n: I18n, now: Date = new Date()): string {
  const start = since instanceof Date ? since : new Date(since);
  const elapsed = Math.max(0, now.getTime() - start.getTime());
  if (Number.isNaN(elapsed)) {
    return '';
  }
  if (elapsed < HOUR) {
    return i18n.t('time.minutes', { n: Math.max(1, Math.floor(elapsed / MINUTE)) });
  }
  if (elapsed < DAY) {
    return i18n.t('time.hours', { n: Math.floor(elapsed / HOUR) });
  }
  return i18n.t('time.days', { n: Math.floor(elapsed / DAY) });
}
