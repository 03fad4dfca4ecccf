/** Types of docs/tasks-api.md (the Tasks module). */
export type TaskLinkKind = 'deal' | 'company' | 'contact';

/** The words for what a task is linked to («Сделка», «Компания», «Контакт»). */
export const LINK_KIND_LABELS = {
  deal: 'tasks.link.deal',
  company: 'tasks.link.company',
  contact: 'tasks.link.contact',
} as const;

export interface TaskLink {
  readonly kind: TaskLinkKind;
  readonly id: string;
  readonly name: string;
}

export interface Task {
  readonly id: string;
  readonly typeId: string;
  readonly typeName: string;
  readonly text: string;
  /** An instant (UTC); for an all-day task the last second of its day in the responsible's zone. */
  readonly dueAt: string;
  readonly allDay: boolean;
  /** "yyyy-MM-dd" for an all-day task. */
  readonly dueDate: string | null;
  readonly durationMinutes: number | null;
  readonly responsibleId: string;
  readonly link: TaskLink | null;
  readonly status: 'open' | 'completed';
  readonly overdue: boolean;
  readonly result: string | null;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
  readonly authorId: string;
  readonly createdAt: string;
  /** The last change (the tasks table sorts and filters by it). */
  readonly updatedAt?: string;
  readonly version: number;
}

export interface TaskType {
  readonly id: string;
  readonly code: string | null;
  readonly name: string;
  readonly nameRu: string;
  readonly nameEn: string;
  readonly position: number;
  readonly version: number;
}

/** POST /api/tasks/types and PUT /api/tasks/types/{id}: `nameEn` defaults to `nameRu`. */
export interface TaskTypeInput {
  readonly nameRu: string;
  readonly nameEn?: string | null;
}

/** Built-in types have fixed ids (docs/tasks-api.md). */
export const TASK_TYPE_IDS = {
  call: '0193a000-0000-7000-8000-000000000001',
  meeting: '0193a000-0000-7000-8000-000000000002',
  letter: '0193a000-0000-7000-8000-000000000003',
  other: '0193a000-0000-7000-8000-000000000004',
} as const;

/** The task fields of POST /api/tasks, PUT /api/tasks/{id} and `next` of complete. */
export interface TaskInput {
  readonly typeId: string;
  readonly text: string;
  readonly dueAt?: string;
  readonly allDay?: boolean;
  readonly dueDate?: string;
  readonly durationMinutes?: number | null;
  readonly responsibleId?: string;
  readonly linkKind?: TaskLinkKind;
  readonly linkId?: string;
}

/**
 * The task planned on each of many deals (`POST /api/tasks/bulk`, `/api/tasks/bulk-jobs`): a task's
 * fields without the link; `responsibleId` left out: each deal's own responsible.
 */
export type PlannedTask = Omit<TaskInput, 'linkKind' | 'linkId'>;

/** The most deals one `POST /api/tasks/bulk` takes; more go to a bulk job (up to 10,000). */
export const BULK_PLAN_MAX = 100;

export interface CompleteTaskRequest {
  readonly result: string;
  readonly version?: number;
  readonly next?: TaskInput;
}

export interface CompleteTaskResponse {
  readonly task: Task;
  readonly next: Task | null;
  readonly dealLeftWithoutTasks: boolean;
}

export interface TaskPage {
  readonly items: readonly Task[];
  readonly nextCursor: string | null;
}

/** A page of the tasks table (GET /api/tasks with sort, ready, f.*): the total on the first page only. */
export interface TaskTablePage extends TaskPage {
  readonly total: number | null;
}

/** The tasks table's ready filters («Поиск и фильтр»), worked out by the server in the user's days. */
export type TaskReadyFilter = 'overdue' | 'today' | 'done-this-week';

/** GET /api/tasks/search: Tasks' part of the global search. */
export interface TaskSearchItem {
  readonly id: string;
  readonly text: string;
  readonly dueAt: string;
  readonly completedAt: string | null;
  readonly responsibleId: string;
  readonly linkKind: TaskLinkKind | null;
  readonly linkId: string | null;
  readonly linkName: string | null;
}

export type TaskView = 'overdue' | 'today' | 'tomorrow' | 'week' | 'range';

export interface TaskQuery {
  readonly view: TaskView;
  readonly from?: string;
  readonly to?: string;
  readonly responsibleId?: string | null;
  readonly typeId?: string | null;
  readonly after?: string;
  readonly limit?: number;
}

/** GET /api/tasks/linked: a record's open tasks (due first) or completed ones (last done first). */
export interface LinkedTasksQuery {
  readonly linkKind: TaskLinkKind;
  readonly linkId: string;
  readonly state: 'open' | 'completed';
  readonly after?: string | null;
  readonly limit?: number;
}

/** The hub's `taskChanged` to topic `tasks` after each change of a task: a hint to re-read. */
export interface TaskChanged {
  readonly taskId: string;
  readonly change: 'created' | 'updated' | 'rescheduled' | 'reassigned' | 'completed' | 'deleted';
  readonly responsibleId: string;
  /** Set only for `reassigned`. */
  readonly previousResponsibleId: string | null;
  readonly link: { readonly kind: TaskLinkKind; readonly id: string } | null;
  readonly dueAt: string;
}

export interface CalendarToken {
  readonly token: string;
  readonly path: string;
  readonly url: string | null;
}

export interface ImportResult {
  readonly imported: number;
  readonly skipped: number;
}

/** A row of GET /api/tasks/summary?dealIds=… (deals with open tasks only). */
export interface DealTaskSummary {
  readonly dealId: string;
  readonly openCount: number;
  readonly nextDueAt: string | null;
  readonly overdue: boolean;
}
