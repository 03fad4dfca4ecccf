import { addDays, dayKey, startOfWeek } from '../../shared/time/zoned-time';

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
