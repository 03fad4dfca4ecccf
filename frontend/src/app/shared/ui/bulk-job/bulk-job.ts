import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, input, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Observable, filter, firstValueFrom, switchMap, take, tap, timer } from 'rxjs';
import { TranslatePipe } from '../../i18n/translate';

/** A record a bulk action left as it was, and why (in the user's language). */
export interface BulkRefusal {
  readonly id: string;
  readonly name: string | null;
  readonly reason: string;
}

/**
 * What a bulk action did (Deals' and Tasks' bulk answers have this shape): how many
 * records changed, were already so, and which were refused and why.
 */
export interface BulkResult {
  readonly changed: number;
  readonly unchanged: number;
  readonly refused: readonly BulkRefusal[];
}

/** A bulk action on all that a view selects, run in the background: `GET /api/<module>/bulk-jobs/{id}`. */
export interface BulkJob extends BulkResult {
  readonly id: string;
  readonly action: string;
  readonly status: 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
  readonly total: number;
  readonly processed: number;
  readonly failure: string | null;
}

/** Where a module's bulk jobs are read and stopped. */
export interface BulkJobSource {
  read(id: string): Observable<BulkJob>;
  cancel(id: string): Observable<BulkJob>;
}

/** A module's bulk jobs under `base` (`/api/<module>`): `bulk-jobs/{id}` and `…/cancel`. */
export function bulkJobSource(http: HttpClient, base: string): BulkJobSource {
  const at = (id: string) => `${base}/bulk-jobs/${encodeURIComponent(id)}`;
  return {
    read: (id) => http.get<BulkJob>(at(id)),
    cancel: (id) => http.post<BulkJob>(`${at(id)}/cancel`, {}),
  };
}

/** How often a running job's progress is read. */
export const BULK_JOB_POLL_MS = 500;

/** Reads a started job until it has ended, telling each reading; the job as it ended. */
export function followBulkJob(
  source: BulkJobSource,
  started: BulkJob,
  progress: (job: BulkJob) => void,
  destroyRef: DestroyRef,
): Promise<BulkJob> {
  progress(started);
  return firstValueFrom(
    timer(BULK_JOB_POLL_MS, BULK_JOB_POLL_MS).pipe(
      switchMap(() => source.read(started.id)),
      tap(progress),
      filter((j) => j.status !== 'queued' && j.status !== 'running'),
      take(1),
      takeUntilDestroyed(destroyRef),
    ),
  );
}

/** A running bulk job's progress («Обработано N из M») and «Остановить». */
@Component({
  selector: 'app-bulk-job-progress',
  imports: [MatButtonModule, MatProgressBarModule, TranslatePipe],
  template: `
    <span class="progress" role="status" data-testid="bulk-progress">
      <mat-progress-bar
        mode="determinate"
        [value]="job().total ? (100 * job().processed) / job().total : 0"
        [attr.aria-label]="'bulk.progress' | t: { done: job().processed, total: job().total }"
      />
      {{ 'bulk.progress' | t: { done: job().processed, total: job().total } }}
    </span>
    <button mat-button type="button" (click)="stop.emit(job().id)">{{ 'bulk.stop' | t }}</button>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 8px;
    }
    .progress {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-width: 240px;
      font-size: 13px;
    }
    .progress mat-progress-bar {
      width: 120px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulkJobProgress {
  readonly job = input.required<BulkJob>();
  /** The user asks to stop the job (by its id). */
  readonly stop = output<string>();
}
