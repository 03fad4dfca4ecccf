// The tasks' lists and the bell's reminders say a due time alike: the function lives in shared.
export { formatDue } from '../../shared/format/due';
export type { TaskDue } from '../../shared/format/due';
