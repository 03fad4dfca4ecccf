import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Signal, inject, signal } from '@angular/core';
import { Observable, Subscription, retry, throwError, timer } from 'rxjs';

/**
 * What the deal card shows of a company or contact of «Списки»: the record, or why it has
 * not got it (yet). Never nothing: a record the card cannot read is said so.
 */
export type Shown<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly record: T }
  /** «Списки» have no such record (deleted a moment ago; Deals unlinks it shortly). */
  | { readonly state: 'missing' }
  /** The server could not answer (offline, 5xx) after the retries: the user may try again. */
  | { readonly state: 'failed' };

/** Tries after the first read: a record a moment old, or a busy server, gets this many more. */
export const READ_RETRIES = 5;
/** The first pause without the server's guidance; it doubles (0.3, 0.6, 1.2, 2.4, 4.8 s). */
const FIRST_PAUSE_MS = 300;
/** A Retry-After longer than this is not waited for on a card: the user may retry. */
const LONGEST_PAUSE_MS = 30_000;

/**
 * How long to wait before reading again, or null not to. A 503 or 429 says when (Retry-After,
 * in seconds); a 404 of a record the deal refers to (a record added a moment ago, read through
 * another instance), no answer at all, or a gateway error is tried again after a growing pause.
 * Anything else (403, 400) will not change by waiting.
 */
export function retryPause(error: unknown, attempt: number): number | null {
  if (!(error instanceof HttpErrorResponse)) {
    return null;
  }
  const advised = Number(error.headers?.get('Retry-After'));
  if ((error.status === 503 || error.status === 429) && Number.isFinite(advised) && advised > 0) {
    const pause = advised * 1000;
    return pause <= LONGEST_PAUSE_MS ? pause : null;
  }
  return [0, 404, 502, 503, 504].includes(error.status)
    ? FIRST_PAUSE_MS * 2 ** (attempt - 1)
    : null;
}

/**
 * The records of «Списки» a deal card shows, by id. One the card received from Directory
 * itself (the answer to the POST that created it from what the user typed) is shown at once
 * and not read again; the others are read once each, kept while the card is open (a deal's
 * new version does not blank them), and read again on a 404 or an outage as `retryPause`
 * says. Create in an injection context.
 */
export class ListsRecords<T extends { readonly id: string }> {
  private readonly entries = signal<ReadonlyMap<string, Shown<T>>>(new Map());
  private readonly reads = new Map<string, Subscription>();

  constructor(private readonly read: (id: string) => Observable<T>) {
    inject(DestroyRef).onDestroy(() => this.reads.forEach((s) => s.unsubscribe()));
  }

  /** Every record by id, for templates and computeds. */
  readonly all: Signal<ReadonlyMap<string, Shown<T>>> = this.entries.asReadonly();

  /** What to show for `id`: 'loading' until it is asked for. */
  of(id: string): Shown<T> {
    return this.entries().get(id) ?? { state: 'loading' };
  }

  /** A record as Directory answered with it: shown as it is, never read. */
  keep(record: T): void {
    this.reads.get(record.id)?.unsubscribe();
    this.reads.delete(record.id);
    this.set(record.id, { state: 'loaded', record });
  }

  /** Reads the ids the card does not hold yet (or could not read). */
  want(ids: readonly string[]): void {
    for (const id of ids) {
      const state = this.entries().get(id)?.state;
      if (!this.reads.has(id) && state !== 'loaded' && state !== 'missing') {
        this.load(id);
      }
    }
  }

  /** «Повторить» after a failure. */
  again(id: string): void {
    if (!this.reads.has(id)) {
      this.load(id);
    }
  }

  private load(id: string): void {
    this.set(id, { state: 'loading' });
    const subscription = this.read(id)
      .pipe(
        retry({
          count: READ_RETRIES,
          delay: (error: unknown, attempt: number) => {
            const pause = retryPause(error, attempt);
            return pause === null ? throwError(() => error) : timer(pause);
          },
        }),
      )
      .subscribe({
        next: (record) => {
          this.reads.delete(id);
          this.set(id, { state: 'loaded', record });
        },
        error: (error: unknown) => {
          this.reads.delete(id);
          const gone = error instanceof HttpErrorResponse && error.status === 404;
          this.set(id, { state: gone ? 'missing' : 'failed' });
        },
      });
    if (!subscription.closed) {
      this.reads.set(id, subscription);
    }
  }

  private set(id: string, shown: Shown<T>): void {
    this.entries.update((entries) => new Map(entries).set(id, shown));
  }
}
