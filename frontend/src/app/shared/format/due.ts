import { I18n } from '../i18n/i18n';
import { addDays, dayKey, timeKey } from '../time/zoned-time';

/**
 * What `formatDue` needs of a task: the tasks' lists and a reminder in the bell (which has no
 * `dueDate`) say a due time alike.
 */
export interface TaskDue {
  readonly dueAt: string;
  readonly allDay: boolean;
  readonly dueDate?: string | null;
}

/**
 * When a task is due, as the task lists and the reminders say it, in the user's zone and
 * language: "сегодня 15:30", "завтра весь день", "вчера 10:00", "пт, 28 нояб., 10:00".
 */
export function formatDue(task: TaskDue, i18n: I18n, now: Date = new Date()): string {
  const zone = i18n.timeZone();
  const today = dayKey(now, zone);
  // An all-day task's instant is the last second of its day in the responsible's zone.
  const day = task.allDay && task.dueDate ? task.dueDate : dayKey(task.dueAt, zone);
  const at = task.allDay ? i18n.t('tasks.allDayShort') : timeKey(task.dueAt, zone);
  if (day === today) {
    return i18n.t('time.today', { time: at });
  }
  if (day === addDays(today, 1)) {
    return i18n.t('tasks.tomorrowAt', { time: at });
  }
  if (day === addDays(today, -1)) {
    return i18n.t('time.yesterday', { time: at });
  }
  const [y, m, d] = day.split('-').map(Number);
  const date = new Intl.DateTimeFormat(i18n.locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(day.slice(0, 4) !== today.slice(0, 4) ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
  return `${date}, ${at}`;
}
