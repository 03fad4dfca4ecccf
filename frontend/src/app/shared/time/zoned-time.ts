import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/**
 * Days and times in a named time zone (the user's, from their settings: `I18n.timeZone()`),
 * not the browser's: a manager in Moscow working on a laptop set to another zone still sees
 * Moscow days and enters Moscow times. The one place that converts between instants and a
 * zone's wall clock (date-fns-tz, no offset arithmetic of ours). Days are "yyyy-MM-dd"
 * strings, which compare and sort as dates; times are "HH:mm".
 */

const checkedZones = new Map<string, string>();

/** The zone itself when the platform knows it, else the browser's: old settings must not break a page. */
export function knownZone(timeZone: string): string {
  let zone = checkedZones.get(timeZone);
  if (zone === undefined) {
    try {
      zone = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    } catch {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    }
    checkedZones.set(timeZone, zone);
  }
  return zone;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** The calendar day of an instant in a zone: "2026-11-27". */
export function dayKey(value: Date | string, timeZone: string): string {
  return formatInTimeZone(asDate(value), knownZone(timeZone), 'yyyy-MM-dd');
}

/** The wall-clock time of an instant in a zone: "23:30". */
export function timeKey(value: Date | string, timeZone: string): string {
  return formatInTimeZone(asDate(value), knownZone(timeZone), 'HH:mm');
}

/** The instant of a wall-clock day and time in a zone ("2026-11-27", "23:30", Moscow → 20:30Z). */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  return fromZonedTime(`${day}T${time}:00`, knownZone(timeZone));
}

/**
 * The date pickers (Angular Material's, through `LocaleDateAdapter`) hold a day or a time as a
 * browser-local `Date` whose fields are the wall clock the user sees; what day or time it is in
 * the user's zone is decided here, by `dayKey`/`timeKey` and `zonedInstant`. A day is local
 * midnight of that day; a time is that time on a fixed day (3 Jan 2000) that no daylight-saving
 * change falls on.
 */
export function pickerDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** The day a picker's `Date` shows: "2026-11-27". */
export function pickerDay(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A picker's `Date` for a wall-clock time "HH:mm". */
export function pickerTime(time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(2000, 0, 3, h, m);
}

/** The time a picker's `Date` shows: "09:30". */
export function pickerTimeKey(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A valid `Date`, not null and not the pickers' "could not read what was typed". */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** A day moved by n days: addDays("2026-11-30", 1) = "2026-12-01" (calendar days, no zone). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Monday = 0 … Sunday = 6. */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The Monday of the day's week. */
export function startOfWeek(day: string): string {
  return addDays(day, -weekdayOf(day));
}
