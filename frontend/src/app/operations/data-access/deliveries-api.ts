import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/**
 * A delivery of an event to one handler that failed at least once (GET /api/admin/bus/failures):
 * waiting for its next attempt, or dead (given up, an event this build cannot read, or a handler it
 * no longer has) until an admin retries or discards it.
 */
export interface FailedDelivery {
  readonly eventId: string;
  /** "Module.HandlerType", the subscriber's lane. */
  readonly handler: string;
  /** The event's CLR full name, e.g. "Crm.Modules.Deals.Contracts.DealCreated". */
  readonly eventType: string;
  /** The record the event is about (a deal, a task, ...). */
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly attempts: number;
  readonly dead: boolean;
  readonly lastFailedAt: string;
  readonly nextAttemptAt: string;
  readonly lastError: string;
  /** The event as stored, JSON. */
  readonly payload: string;
  /** False when the running build has no such handler (removed or renamed): discard, not retry. */
  readonly handlerKnown: boolean;
}

@Injectable({ providedIn: 'root' })
export class DeliveriesApi {
  private readonly http = inject(HttpClient);

  failures(deadOnly: boolean): Observable<FailedDelivery[]> {
    return this.http.get<FailedDelivery[]>('/api/admin/bus/failures', {
      params: { dead: deadOnly, limit: 200 },
    });
  }

  retry(failure: Pick<FailedDelivery, 'eventId' | 'handler'>): Observable<void> {
    return this.http.post<void>(
      `/api/admin/bus/failures/${failure.eventId}/${encodeURIComponent(failure.handler)}/retry`,
      null,
    );
  }

  /** Drops a dead delivery for good: that handler never sees the event. */
  discard(failure: Pick<FailedDelivery, 'eventId' | 'handler'>): Observable<void> {
    return this.http.delete<void>(
      `/api/admin/bus/failures/${failure.eventId}/${encodeURIComponent(failure.handler)}`,
    );
  }
}
