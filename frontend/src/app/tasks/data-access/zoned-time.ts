/**
 * Days and times in a named time zone (the user's, from their settings), not the browser's:
 * a manager in Moscow working on a laptop set to another zone still sees Moscow days.
 * Days are "yyyy-MM-dd" strings, which compare and sort as dates.
 */
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    };
    try {
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      // An unknown zone from old settings must not break the page: the browser's zone.
      format = new Intl.DateTimeFormat('en-US', options);
    }
    partsFormatters.set(timeZone, format);
  }
  return format;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(date: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return {
    year: parts['year'],
    month: parts['month'],
    day: parts['day'],
    hour: parts['hour'] === 24 ? 0 : parts['hour'],
    minute: parts['minute'],
    second: parts['second'],
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day of an instant in a zone: "2026-11-27". */
export function dayKey(value: Date | string, timeZone: string): string {
  const c = wallClock(value instanceof Date ? value : new Date(value), timeZone);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** The wall-clock time of an instant in a zone: "23:30". */
export function timeKey(value: Date | string, timeZone: string): string {
  const c = wallClock(value instanceof Date ? value : new Date(value), timeZone);
  return `${pad(c.hour)}:${pad(c.minute)}`;
}

/** Minutes the zone is ahead of UTC at that instant (Moscow: 180). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const c = wallClock(date, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock day and time in a zone ("2026-11-27", "23:30", Moscow → 20:30Z). */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset around a daylight-saving change.
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** A day moved by n days: addDays("2026-11-30", 1) = "2026-12-01". */
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

export type TaskGroupKey = 'overdue' | 'today' | 'tomorrow' | 'week' | 'later';
export const TASK_GROUPS: readonly TaskGroupKey[] = [
  'overdue',
  'today',
  'tomorrow',
  'week',
  'later',
];

/**
 * Where an open task goes in the organizer, by the viewer's days (docs/tasks-api.md, "Views"):
 * overdue once due; today, tomorrow, the rest of this week (to Monday 00:00), later.
 */
export function taskGroup(dueAt: string, now: Date, timeZone: string): TaskGroupKey {
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) {
    return 'overdue';
  }
  const today = dayKey(now, timeZone);
  const day = dayKey(due, timeZone);
  if (day <= today) {
    return 'today';
  }
  if (day === addDays(today, 1)) {
    return 'tomorrow';
  }
  return day < addDays(startOfWeek(today), 7) ? 'week' : 'later';
}

export interface TaskGroup<T> {
  readonly key: TaskGroupKey;
  readonly items: readonly T[];
}

/** Open tasks into the organizer's groups, each oldest due first; empty groups are kept. */
export function groupTasks<T extends { readonly dueAt: string }>(
  tasks: readonly T[],
  now: Date,
  timeZone: string,
): readonly TaskGroup<T>[] {
  const buckets = new Map<TaskGroupKey, T[]>(TASK_GROUPS.map((key) => [key, []]));
  const sorted = [...tasks].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  for (const task of sorted) {
    buckets.get(taskGroup(task.dueAt, now, timeZone))!.push(task);
  }
  return TASK_GROUPS.map((key) => ({ key, items: buckets.get(key)! }));
}
