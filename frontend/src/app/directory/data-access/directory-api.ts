import { HttpClient, HttpParams } from '@angular/common/http';
import { STRICT_PARAMS } from '../../shared/http/strict-params';
import { Injectable, inject } from '@angular/core';
import { RecordTags } from '../../shared/ui/tags/tags-api';
import { Observable } from 'rxjs';
import { CustomFieldType } from '../../shared/forms/custom-field';
import {
  Company,
  CompanyInput,
  CompanyRow,
  Contact,
  ContactInput,
  ContactRow,
  DirectoryCustomField,
  DirectoryEntity,
  DirectoryKind,
  ListQuery,
  Page,
  Suggestion,
} from './models';

const BASE = '/api/directory';
const id = (value: string) => encodeURIComponent(value);

/**
 * The query string of a list page: empty search and defaults are left out so URLs stay
 * short and the server's defaults apply; `page` is 1-based as the server counts.
 */
export function listParams(query: ListQuery, extra: Record<string, string> = {}): HttpParams {
  let params = new HttpParams({ encoder: STRICT_PARAMS });
  const q = query.q.trim();
  if (q) {
    params = params.set('q', q);
  }
  if (query.filter) {
    params = params.set('filter', query.filter);
  }
  for (const [column, expression] of Object.entries(query.columns ?? {})) {
    params = params.set(`f.${column}`, expression);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value) {
      params = params.set(key, value);
    }
  }
  return params
    .set('sort', query.sort)
    .set('page', String(Math.max(1, Math.floor(query.page))))
    .set('pageSize', String(Math.min(200, Math.max(1, Math.floor(query.pageSize)))));
}

/** Thin client of the Directory module's REST API (docs/directory-api.md). */
@Injectable({ providedIn: 'root' })
export class DirectoryApi {
  private readonly http = inject(HttpClient);

  companies(query: ListQuery): Observable<Page<CompanyRow>> {
    return this.http.get<Page<CompanyRow>>(`${BASE}/companies`, { params: listParams(query) });
  }

  contacts(query: ListQuery, companyId = ''): Observable<Page<ContactRow>> {
    return this.http.get<Page<ContactRow>>(`${BASE}/contacts`, {
      params: listParams(query, { companyId }),
    });
  }

  company(companyId: string): Observable<Company> {
    return this.http.get<Company>(`${BASE}/companies/${id(companyId)}`);
  }

  contact(contactId: string): Observable<Contact> {
    return this.http.get<Contact>(`${BASE}/contacts/${id(contactId)}`);
  }

  createCompany(body: CompanyInput): Observable<Company> {
    return this.http.post<Company>(`${BASE}/companies`, body);
  }

  createContact(body: ContactInput): Observable<Contact> {
    return this.http.post<Contact>(`${BASE}/contacts`, body);
  }

  updateCompany(companyId: string, body: CompanyInput & { version: number }): Observable<Company> {
    return this.http.put<Company>(`${BASE}/companies/${id(companyId)}`, body);
  }

  /** A company's or contact's tags, the whole set in order. */
  setTags(
    kind: DirectoryKind,
    recordId: string,
    tagIds: readonly string[],
    version?: number,
  ): Observable<RecordTags> {
    return this.http.put<RecordTags>(`${BASE}/${plural(kind)}/${id(recordId)}/tags`, {
      tagIds,
      version,
    });
  }

  updateContact(contactId: string, body: ContactInput & { version: number }): Observable<Contact> {
    return this.http.put<Contact>(`${BASE}/contacts/${id(contactId)}`, body);
  }

  remove(kind: DirectoryKind, recordId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${plural(kind)}/${id(recordId)}`);
  }

  /** Merges `mergeId` into `survivorId` (admin); answers the survivor. */
  merge(kind: DirectoryKind, survivorId: string, mergeId: string): Observable<Company | Contact> {
    return this.http.post<Company | Contact>(`${BASE}/${plural(kind)}/${id(survivorId)}/merge`, {
      mergeId,
    });
  }

  suggest(q: string, kind?: DirectoryKind, limit = 8): Observable<Suggestion[]> {
    let params = new HttpParams().set('q', q).set('limit', String(limit));
    if (kind) {
      params = params.set('kind', kind);
    }
    return this.http.get<Suggestion[]>(`${BASE}/suggest`, { params });
  }

  customFields(): Observable<DirectoryCustomField[]> {
    return this.http.get<DirectoryCustomField[]>(`${BASE}/custom-fields`);
  }

  createCustomField(
    entity: DirectoryEntity,
    name: string,
    type: CustomFieldType,
    options?: string[],
  ): Observable<DirectoryCustomField> {
    return this.http.post<DirectoryCustomField>(`${BASE}/custom-fields`, {
      entity,
      name,
      type,
      options,
    });
  }

  updateCustomField(
    fieldId: string,
    request: { name: string; options?: readonly string[]; position: number; version: number },
  ): Observable<DirectoryCustomField> {
    return this.http.put<DirectoryCustomField>(`${BASE}/custom-fields/${id(fieldId)}`, request);
  }

  deleteCustomField(fieldId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/custom-fields/${id(fieldId)}`);
  }
}

export const plural = (kind: DirectoryKind) => (kind === 'company' ? 'companies' : 'contacts');
