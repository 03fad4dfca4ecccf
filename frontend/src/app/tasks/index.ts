/** The tasks feature's public entry (a record's tasks, task actions): see deals/index.ts. */
export type { PlannedTask, Task } from './data-access/models';
export { BULK_PLAN_MAX } from './data-access/models';
export { TasksApi } from './data-access/tasks-api';
export { RecordTasks } from './record-tasks/record-tasks';
export { TaskActions } from './task-actions';
export { taskTypesAdminRoutes, tasksRoutes } from './tasks.routes';
