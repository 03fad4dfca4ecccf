import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  AcceptResult,
  FormSnippet,
  InboxRequest,
  Mailbox,
  MailboxCheck,
  RequestPage,
  RequestQuery,
  SaveFormRequest,
  SaveMailboxRequest,
  UserRegions,
  WebForm,
} from './models';

const BASE = '/api/inbox';
const id = (value: string) => encodeURIComponent(value);

/** Thin client of the Inbox module's REST API (docs/inbox-api.md). */
@Injectable({ providedIn: 'root' })
export class InboxApi {
  private readonly http = inject(HttpClient);

  /** One status, one pipeline or all, newest first; `after` is the previous page's cursor. */
  requests(query: RequestQuery): Observable<RequestPage> {
    let params = new HttpParams().set('status', query.status);
    if (query.pipelineId) {
      params = params.set('pipelineId', query.pipelineId);
    }
    if (query.after) {
      params = params.set('after', query.after);
    }
    if (query.limit) {
      params = params.set('limit', String(query.limit));
    }
    return this.http.get<RequestPage>(`${BASE}/requests`, { params });
  }

  request(requestId: string): Observable<InboxRequest> {
    return this.http.get<InboxRequest>(`${BASE}/requests/${id(requestId)}`);
  }

  accept(requestId: string): Observable<AcceptResult> {
    return this.http.post<AcceptResult>(`${BASE}/requests/${id(requestId)}/accept`, null);
  }

  decline(requestId: string, reason: string | null): Observable<InboxRequest> {
    return this.http.post<InboxRequest>(`${BASE}/requests/${id(requestId)}/decline`, {
      reason: reason || null,
    });
  }

  restore(requestId: string): Observable<InboxRequest> {
    return this.http.post<InboxRequest>(`${BASE}/requests/${id(requestId)}/restore`, null);
  }

  forms(): Observable<WebForm[]> {
    return this.http.get<WebForm[]>(`${BASE}/forms`);
  }

  createForm(body: SaveFormRequest): Observable<WebForm> {
    return this.http.post<WebForm>(`${BASE}/forms`, body);
  }

  updateForm(formId: string, body: SaveFormRequest): Observable<WebForm> {
    return this.http.put<WebForm>(`${BASE}/forms/${id(formId)}`, body);
  }

  deleteForm(formId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/forms/${id(formId)}`);
  }

  newFormKey(formId: string): Observable<WebForm> {
    return this.http.post<WebForm>(`${BASE}/forms/${id(formId)}/key`, null);
  }

  snippet(formId: string): Observable<FormSnippet> {
    return this.http.get<FormSnippet>(`${BASE}/forms/${id(formId)}/snippet`);
  }

  regions(): Observable<UserRegions[]> {
    return this.http.get<UserRegions[]>(`${BASE}/regions`);
  }

  setRegions(userId: string, regions: readonly string[]): Observable<UserRegions> {
    return this.http.put<UserRegions>(`${BASE}/regions/${id(userId)}`, { regions });
  }

  mailboxes(): Observable<Mailbox[]> {
    return this.http.get<Mailbox[]>(`${BASE}/mailboxes`);
  }

  createMailbox(body: SaveMailboxRequest): Observable<Mailbox> {
    return this.http.post<Mailbox>(`${BASE}/mailboxes`, body);
  }

  updateMailbox(mailboxId: string, body: SaveMailboxRequest): Observable<Mailbox> {
    return this.http.put<Mailbox>(`${BASE}/mailboxes/${id(mailboxId)}`, body);
  }

  deleteMailbox(mailboxId: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/mailboxes/${id(mailboxId)}`);
  }

  checkMailbox(mailboxId: string): Observable<MailboxCheck> {
    return this.http.post<MailboxCheck>(`${BASE}/mailboxes/${id(mailboxId)}/check`, null);
  }
}
