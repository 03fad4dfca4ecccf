import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CustomField, CustomFieldType } from '../../shared/forms/custom-field';
import { STRICT_PARAMS } from '../../shared/http/strict-params';
import { bulkJobSource } from '../../shared/ui/bulk-job/bulk-job';
import { RecordTags } from '../../shared/ui/tags/tags-api';
import {
  Board,
  BulkChange,
  BulkJob,
  BulkJobChange,
  BulkResult,
  BoardFilter,
  CreateDealRequest,
  Deal,
  DealList,
  DealParty,
  DealSearchItem,
  DealTablePage,
  DealTableTotals,
  StagePage,
  UpdateDealRequest,
} from './models';

const BASE = '/api/deals';

const id = (value: string) => encodeURIComponent(value);

function filterParams(filter: BoardFilter, params = new HttpParams()): HttpParams {
  let result = params;
  if (filter.responsibleId) {
    result = result.set('responsibleId', filter.responsibleId);
  }
  if (filter.q.trim()) {
    result = result.set('q', filter.q.trim());
  }
  if (filter.tasks) {
    result = result.set('tasks', filter.tasks);
  }
  return result;
}

/** Thin client of the Deals module's REST API. */
@Injectable({ providedIn: 'root' })
export class DealsApi {
  private readonly http = inject(HttpClient);

  board(pipelineId: string, filter: BoardFilter): Observable<Board> {
    const params = filterParams(filter, new HttpParams().set('pipelineId', pipelineId));
    return this.http.get<Board>(`${BASE}/board`, { params });
  }

  stagePage(stageId: string, after: string, filter: BoardFilter): Observable<StagePage> {
    const params = filterParams(filter, new HttpParams().set('after', after));
    return this.http.get<StagePage>(`${BASE}/board/stages/${id(stageId)}`, { params });
  }

  /**
   * Deals whose name, company, contacts or «#number» match `q`, across all pipelines (open
   * first, best match, newest); an empty `q` gives the caller's own recently updated open deals.
   */
  search(q: string, limit = 10): Observable<{ readonly items: readonly DealSearchItem[] }> {
    const params = new HttpParams().set('q', q.trim()).set('limit', String(limit));
    return this.http.get<{ readonly items: readonly DealSearchItem[] }>(`${BASE}/search`, {
      params,
    });
  }

  /**
   * Changes up to 200 selected deals at once (docs/pipelines-deals-api.md, "Bulk changes"): each
   * by its own rules; the answer counts them and lists the refused with the reason.
   */
  bulk(change: BulkChange): Observable<BulkResult> {
    return this.http.post<BulkResult>(`${BASE}/bulk`, change);
  }

  /**
   * Changes all that a table view selects (its `pipelineId` and `f.<column>` filters) in the
   * background: the job, whose progress `bulkJob` reads.
   */
  startBulkJob(
    change: BulkJobChange,
    query: Readonly<Record<string, string>>,
  ): Observable<BulkJob> {
    const filters = Object.fromEntries(Object.entries(query).filter(([k]) => k.startsWith('f.')));
    return this.http.post<BulkJob>(`${BASE}/bulk-jobs`, {
      change,
      pipelineId: query['pipelineId'] ?? null,
      filters,
    });
  }

  /** The deals' bulk jobs: their progress, and stopping one. */
  readonly bulkJobs = bulkJobSource(this.http, BASE);

  /**
   * The ids of all the deals a table view selects (its `pipelineId` and `f.<column>` filters), up
   * to 10,000: what another module's bulk action on «все N» is handed.
   */
  ids(query: Readonly<Record<string, string>>): Observable<{ readonly ids: readonly string[] }> {
    const view = Object.fromEntries(
      Object.entries(query).filter(([k]) => k === 'pipelineId' || k.startsWith('f.')),
    );
    const params = new HttpParams({ fromObject: view, encoder: STRICT_PARAMS });
    return this.http.get<{ readonly ids: readonly string[] }>(`${BASE}/ids`, { params });
  }

  /** The deals of a company or a contact, a page at a time (1-based). */
  byParty(party: DealParty, page = 1, pageSize = 50): Observable<DealList> {
    let params = new HttpParams().set('page', String(page)).set('pageSize', String(pageSize));
    params =
      'companyId' in party
        ? params.set('companyId', party.companyId)
        : params.set('contactId', party.contactId);
    return this.http.get<DealList>(BASE, { params });
  }

  /**
   * A page of the deals table without its totals (`tableTotals` reads them): `query` holds
   * `pipelineId`, `sort` and the `f.<column>` filters (the view's URL parameters), `after` the
   * previous page's cursor.
   */
  table(
    query: Readonly<Record<string, string>>,
    after: string | null,
    limit: number,
  ): Observable<DealTablePage> {
    let params = new HttpParams({ fromObject: { ...query }, encoder: STRICT_PARAMS })
      .set('limit', String(limit))
      .set('totals', 'false');
    if (after) {
      params = params.set('after', after);
    }
    return this.http.get<DealTablePage>(BASE, { params });
  }

  /** The count and budget sums of what a table view selects (its `pipelineId` and filters). */
  tableTotals(query: Readonly<Record<string, string>>): Observable<DealTableTotals> {
    const params = new HttpParams({ fromObject: { ...query }, encoder: STRICT_PARAMS }).delete(
      'sort',
    );
    return this.http.get<DealTableTotals>(`${BASE}/totals`, { params });
  }

  get(dealId: string): Observable<Deal> {
    return this.http.get<Deal>(`${BASE}/${id(dealId)}`);
  }

  create(request: CreateDealRequest): Observable<Deal> {
    return this.http.post<Deal>(BASE, request);
  }

  update(dealId: string, request: UpdateDealRequest): Observable<Deal> {
    return this.http.put<Deal>(`${BASE}/${id(dealId)}`, request);
  }

  /** The deal's tags, the whole set in order. */
  setTags(dealId: string, tagIds: readonly string[], version?: number): Observable<RecordTags> {
    return this.http.put<RecordTags>(`${BASE}/${id(dealId)}/tags`, { tagIds, version });
  }

  move(dealId: string, stageId: string, version?: number): Observable<Deal> {
    return this.http.post<Deal>(`${BASE}/${id(dealId)}/stage`, { stageId, version });
  }

  assign(dealId: string, responsibleId: string, version?: number): Observable<Deal> {
    return this.http.post<Deal>(`${BASE}/${id(dealId)}/assign`, { responsibleId, version });
  }

  won(dealId: string, version?: number): Observable<Deal> {
    return this.http.post<Deal>(`${BASE}/${id(dealId)}/won`, { version });
  }

  lost(dealId: string, reason: string, version?: number): Observable<Deal> {
    return this.http.post<Deal>(`${BASE}/${id(dealId)}/lost`, { reason, version });
  }

  customFields(): Observable<CustomField[]> {
    return this.http.get<CustomField[]>(`${BASE}/custom-fields`);
  }

  createCustomField(
    name: string,
    type: CustomFieldType,
    options?: string[],
  ): Observable<CustomField> {
    return this.http.post<CustomField>(`${BASE}/custom-fields`, { name, type, options });
  }

  updateCustomField(
    fieldId: string,
    request: { name: string; options?: readonly string[]; position: number; version: number },
  ): Observable<CustomField> {
    return this.http.put<CustomField>(`${BASE}/custom-fields/${id(fieldId)}`, request);
  }

  deleteCustomField(fieldId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/custom-fields/${id(fieldId)}`);
  }
}
