import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  CreateStageRequest,
  Pipeline,
  PipelineKind,
  Stage,
  UpdatePipelineRequest,
  UpdateStageRequest,
} from './models';

const BASE = '/api/pipelines';
const id = (value: string) => encodeURIComponent(value);

/** Thin client of the Pipelines module's REST API. */
@Injectable({ providedIn: 'root' })
export class PipelinesApi {
  private readonly http = inject(HttpClient);

  list(includeArchived = false): Observable<Pipeline[]> {
    const params = new HttpParams().set('includeArchived', includeArchived);
    return this.http.get<Pipeline[]>(BASE, { params });
  }

  create(name: string, kind: PipelineKind): Observable<Pipeline> {
    return this.http.post<Pipeline>(BASE, { name, kind });
  }

  update(pipelineId: string, request: UpdatePipelineRequest): Observable<Pipeline> {
    return this.http.put<Pipeline>(`${BASE}/${id(pipelineId)}`, request);
  }

  archive(pipelineId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id(pipelineId)}`);
  }

  addStage(pipelineId: string, request: CreateStageRequest): Observable<Stage> {
    return this.http.post<Stage>(`${BASE}/${id(pipelineId)}/stages`, request);
  }

  updateStage(pipelineId: string, stageId: string, request: UpdateStageRequest): Observable<Stage> {
    return this.http.put<Stage>(`${BASE}/${id(pipelineId)}/stages/${id(stageId)}`, request);
  }

  /** Null when the stage was removed (204); the stage, still being removed, when Deals has not answered yet (202). */
  removeStage(pipelineId: string, stageId: string): Observable<Stage | null> {
    return this.http.delete<Stage | null>(`${BASE}/${id(pipelineId)}/stages/${id(stageId)}`);
  }

  reorderStages(pipelineId: string, stageIds: readonly string[]): Observable<Pipeline> {
    return this.http.put<Pipeline>(`${BASE}/${id(pipelineId)}/stages/order`, { stageIds });
  }
}
