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
 * An instant as an `<input type="datetime-local">` value in a zone: "2026-03-12T09:30:00Z" in
 * Moscow → "2026-03-12T12:30"; '' for none. The browser's own reading of such a value would
 * use the browser's zone.
 */
export function toZonedInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : formatInTimeZone(date, knownZone(timeZone), "yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` value read in a zone, as an ISO instant: the inverse of toZonedInput. */
export function fromZonedInput(value: string, timeZone: string): string | null {
  const [day, time] = value.split('T');
  if (!day || !time) {
    return null;
  }
  const instant = zonedInstant(day, time.slice(0, 5), timeZone);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

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
