import { ReadyFilter } from '../../shared/ui/data-table/search-panel';

/**
 * «Поиск и фильтр» of the tasks table. The server works each one out in the user's own days
 * (`ready=overdue|today|done-this-week`, docs/tasks-api.md): the ids are its words, and picking one
 * clears the column filters; «Все задачи» clears both.
 */
export const TASK_READY_FILTERS: readonly ReadyFilter[] = [
  { id: 'all', label: 'tasksTable.ready.all', filters: () => ({}) },
  { id: 'overdue', label: 'tasksTable.ready.overdue', filters: () => ({}) },
  { id: 'today', label: 'tasksTable.ready.today', filters: () => ({}) },
  { id: 'done-this-week', label: 'tasksTable.ready.doneThisWeek', filters: () => ({}) },
];

export const READY_PARAM = 'ready';

/** The server's ready filter of a URL's `ready`, or null (none, or a word it does not have). */
export function readyOf(value: string | null | undefined): string | null {
  return value && value !== 'all' && TASK_READY_FILTERS.some((r) => r.id === value) ? value : null;
}
