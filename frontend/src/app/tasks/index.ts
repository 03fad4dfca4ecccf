/** The tasks feature's public entry (a record's tasks, task actions): see deals/index.ts. */
export type { Task } from './data-access/models';
export { RecordTasks } from './record-tasks/record-tasks';
export { TaskActions } from './task-actions';
export { taskTypesAdminRoutes, tasksRoutes } from './tasks.routes';
