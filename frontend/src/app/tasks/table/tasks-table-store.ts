import { Injectable, inject } from '@angular/core';
import { KeysetRows } from '../../shared/ui/data-table/keyset-rows';
import { Task, TaskTablePage } from '../data-access/models';
import { TasksApi } from '../data-access/tasks-api';

/** The tasks table's rows: the shared keyset paging over `GET /api/tasks` in its table mode. */
@Injectable()
export class TasksTableStore extends KeysetRows<Task, TaskTablePage> {
  constructor() {
    const api = inject(TasksApi);
    super((query, after, limit) => api.table(query, after, limit));
  }
}
