import { HttpClient, HttpParams } from '@angular/common/http';
import { STRICT_PARAMS } from '../../shared/http/strict-params';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  CalendarToken,
  CompleteTaskRequest,
  CompleteTaskResponse,
  DealTaskSummary,
  ImportResult,
  Task,
  TaskInput,
  TaskPage,
  TaskQuery,
  TaskSearchItem,
  TaskTablePage,
  TaskType,
  TaskTypeInput,
  LinkedTasksQuery,
  PlannedTask,
} from './models';
import { BulkJob, BulkResult, bulkJobSource } from '../../shared/ui/bulk-job/bulk-job';

const BASE = '/api/tasks';
const id = (value: string) => encodeURIComponent(value);

/** Thin client of the Tasks module's REST API (docs/tasks-api.md). */
@Injectable({ providedIn: 'root' })
export class TasksApi {
  private readonly http = inject(HttpClient);

  list(query: TaskQuery): Observable<TaskPage> {
    let params = new HttpParams().set('view', query.view);
    for (const key of ['from', 'to', 'responsibleId', 'typeId', 'after'] as const) {
      const value = query[key];
      if (value) {
        params = params.set(key, value);
      }
    }
    if (query.limit) {
      params = params.set('limit', String(query.limit));
    }
    return this.http.get<TaskPage>(BASE, { params });
  }

  /**
   * The tasks table: `query` is the view's server query (sort, ready, f.<column>; docs/tasks-api.md,
   * "The tasks table"); keyset pages after the previous page's `nextCursor`.
   */
  table(
    query: Readonly<Record<string, string>>,
    after: string | null,
    limit: number,
  ): Observable<TaskTablePage> {
    let params = new HttpParams({ fromObject: { ...query }, encoder: STRICT_PARAMS }).set(
      'limit',
      String(limit),
    );
    if (after) {
      params = params.set('after', after);
    }
    return this.http.get<TaskTablePage>(BASE, { params });
  }

  /** Tasks by their text or their linked record's name, open ones first (the global search). */
  search(q: string, limit = 10): Observable<{ items: TaskSearchItem[] }> {
    const params = new HttpParams().set('q', q).set('limit', String(limit));
    return this.http.get<{ items: TaskSearchItem[] }>(`${BASE}/search`, { params });
  }

  get(taskId: string): Observable<Task> {
    return this.http.get<Task>(`${BASE}/${id(taskId)}`);
  }

  create(input: TaskInput): Observable<Task> {
    return this.http.post<Task>(BASE, input);
  }

  update(taskId: string, input: TaskInput & { readonly version: number }): Observable<Task> {
    return this.http.put<Task>(`${BASE}/${id(taskId)}`, input);
  }

  delete(taskId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id(taskId)}`);
  }

  complete(taskId: string, request: CompleteTaskRequest): Observable<CompleteTaskResponse> {
    return this.http.post<CompleteTaskResponse>(`${BASE}/${id(taskId)}/complete`, request);
  }

  /** Per deal with open tasks: how many, the nearest due time, whether one is overdue. */
  summary(dealIds: readonly string[]): Observable<DealTaskSummary[]> {
    const params = new HttpParams().set('dealIds', dealIds.join(','));
    return this.http.get<DealTaskSummary[]>(`${BASE}/summary`, { params });
  }

  /**
   * A deal's, company's or contact's tasks: open ones by due time (overdue first), or the
   * completed ones last done first; keyset paged.
   */
  linked(query: LinkedTasksQuery): Observable<TaskPage> {
    let params = new HttpParams()
      .set('linkKind', query.linkKind)
      .set('linkId', query.linkId)
      .set('state', query.state);
    if (query.after) {
      params = params.set('after', query.after);
    }
    if (query.limit) {
      params = params.set('limit', String(query.limit));
    }
    return this.http.get<TaskPage>(`${BASE}/linked`, { params });
  }

  types(): Observable<TaskType[]> {
    return this.http.get<TaskType[]>(`${BASE}/types`);
  }

  createType(input: TaskTypeInput): Observable<TaskType> {
    return this.http.post<TaskType>(`${BASE}/types`, input);
  }

  renameType(
    typeId: string,
    input: TaskTypeInput & { readonly version: number },
  ): Observable<TaskType> {
    return this.http.put<TaskType>(`${BASE}/types/${id(typeId)}`, input);
  }

  deleteType(typeId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/types/${id(typeId)}`);
  }

  createCalendarToken(): Observable<CalendarToken> {
    return this.http.post<CalendarToken>(`${BASE}/calendar/token`, {});
  }

  revokeCalendarToken(): Observable<void> {
    return this.http.delete<void>(`${BASE}/calendar/token`);
  }

  import(file: File): Observable<ImportResult> {
    const body = new FormData();
    body.append('file', file);
    return this.http.post<ImportResult>(`${BASE}/import`, body);
  }

  /**
   * Plans the same task on each of up to 100 deals at once (docs/tasks-api.md, "Planning on many
   * deals"): each by Tasks' rules; the answer counts them and lists the refused with the reason.
   */
  planOnDeals(dealIds: readonly string[], task: PlannedTask): Observable<BulkResult> {
    return this.http.post<BulkResult>(`${BASE}/bulk`, { dealIds, task });
  }

  /** The same on up to 10,000 deals, in the background: the job, read by `bulkJobs`. */
  startPlanOnDeals(dealIds: readonly string[], task: PlannedTask): Observable<BulkJob> {
    return this.http.post<BulkJob>(`${BASE}/bulk-jobs`, { dealIds, task });
  }

  /** Tasks' bulk jobs: their progress, and stopping one. */
  readonly bulkJobs = bulkJobSource(this.http, BASE);
}
