import { addDays, dayKey, startOfWeek, timeKey, zonedInstant } from '../../shared/time/zoned-time';

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

/** A keyboard move of a task: a day either way, or 30 minutes earlier or later. */
export interface KeyMove {
  readonly days: number;
  readonly minutes: number;
}

/** Alt+←/→ a day; Alt+↑/↓ 30 minutes, in the day and week views only. */
export function keyMove(
  event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key'>,
  mode: CalendarMode,
): KeyMove | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
    return null;
  }
  switch (event.key) {
    case 'ArrowLeft':
      return { days: -1, minutes: 0 };
    case 'ArrowRight':
      return { days: 1, minutes: 0 };
    case 'ArrowUp':
      return mode === 'month' ? null : { days: 0, minutes: -30 };
    case 'ArrowDown':
      return mode === 'month' ? null : { days: 0, minutes: 30 };
    default:
      return null;
  }
}

/** Where a task is shown after a keyboard move (the time of day stays for a day's move). */
export function movedTask<T extends MovableTask>(task: T, move: KeyMove, timeZone: string): T {
  if (move.days) {
    if (task.allDay && task.dueDate) {
      return { ...task, dueDate: addDays(task.dueDate, move.days) };
    }
    const day = addDays(dayKey(task.dueAt, timeZone), move.days);
    return {
      ...task,
      dueAt: zonedInstant(day, timeKey(task.dueAt, timeZone), timeZone).toISOString(),
    };
  }
  return { ...task, dueAt: new Date(Date.parse(task.dueAt) + move.minutes * 60_000).toISOString() };
}

interface MovableTask {
  readonly dueAt: string;
  readonly allDay: boolean;
  readonly dueDate: string | null;
}
