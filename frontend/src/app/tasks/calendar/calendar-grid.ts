import { addDays, startOfWeek } from '../data-access/zoned-time';

export type CalendarMode = 'day' | 'week' | 'month';

/** The days a calendar view shows: one, a Monday-to-Sunday week, or six whole weeks. */
export function visibleDays(mode: CalendarMode, anchor: string): readonly string[] {
  if (mode === 'day') {
    return [anchor];
  }
  const first = mode === 'week' ? startOfWeek(anchor) : startOfWeek(`${anchor.slice(0, 8)}01`);
  const count = mode === 'week' ? 7 : 42;
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/** The anchor day one step back or forward. */
export function step(mode: CalendarMode, anchor: string, direction: 1 | -1): string {
  if (mode === 'day') {
    return addDays(anchor, direction);
  }
  if (mode === 'week') {
    return addDays(anchor, 7 * direction);
  }
  const [y, m] = anchor.split('-').map(Number);
  const month = new Date(Date.UTC(y, m - 1 + direction, 1));
  return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** Tasks by day ("yyyy-MM-dd"), each day's oldest due first. */
export function byDay<T extends { readonly dueAt: string }>(
  tasks: readonly T[],
  dayOf: (task: T) => string,
): ReadonlyMap<string, readonly T[]> {
  const days = new Map<string, T[]>();
  for (const task of [...tasks].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))) {
    const day = dayOf(task);
    const list = days.get(day);
    if (list) {
      list.push(task);
    } else {
      days.set(day, [task]);
    }
  }
  return days;
}
