import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { Observable, firstValueFrom } from 'rxjs';
import { Pipeline } from '../../pipelines';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { BulkJobProgress, BulkJobSource, followBulkJob } from '../../shared/ui/bulk-job/bulk-job';
import { TagChip } from '../../shared/ui/tags/tag-chip';
import { Tag } from '../../shared/ui/tags/tags-api';
import { BULK_PLAN_MAX, PlannedTask, TaskActions, TasksApi } from '../../tasks';
import { DealsApi } from '../data-access/deals-api';
import {
  BULK_JOB_MAX,
  BULK_MAX,
  BulkChange,
  BulkJob,
  BulkJobChange,
  BulkResult,
} from '../data-access/models';

/** What a bulk action did (`planned`: «Запланировать задачу», whose `changed` are the deals given a task), or its error. */
export type BulkOutcome = (BulkResult & { readonly planned?: boolean }) | string;

/** A user the deals can be given to. */
export interface BulkUser {
  readonly id: string;
  readonly displayName: string;
}

/**
 * The bar over the deals table while rows are selected: «Сменить ответственного», «Перенести на
 * этап» (the open stages of the pipelines in view), «Добавить тег» (the deals' catalog), «Удалить»
 * (admins), «Запланировать задачу» (Tasks plans it on each deal: the front end composes Deals' ids
 * of the view with Tasks' bulk routes), «Снять выделение». With rows ticked it also offers all that the view's filter
 * selects («Выбрать все N»): confirmed with the count, the change then runs as a background job on
 * the server, its progress shown here and stoppable. The server changes each deal by its own rules;
 * the bar then says how many changed and lists the refused ones with the reason.
 */
@Component({
  selector: 'app-deals-bulk-bar',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, BulkJobProgress, TagChip, TranslatePipe],
  template: `
    <div class="bar" role="toolbar" data-testid="bulk-bar" [attr.aria-label]="'bulk.label' | t">
      <button
        mat-stroked-button
        type="button"
        [disabled]="busy() || tooMany()"
        [matMenuTriggerFor]="people"
      >
        <mat-icon aria-hidden="true">person</mat-icon>{{ 'bulk.assign' | t }}
      </button>
      <button
        mat-stroked-button
        type="button"
        [disabled]="busy() || tooMany()"
        [matMenuTriggerFor]="stages"
      >
        <mat-icon aria-hidden="true">low_priority</mat-icon>{{ 'bulk.move' | t }}
      </button>
      <button
        mat-stroked-button
        type="button"
        [disabled]="busy() || tooMany()"
        [matMenuTriggerFor]="tagMenu"
      >
        <mat-icon aria-hidden="true">sell</mat-icon>{{ 'bulk.addTag' | t }}
      </button>
      <button
        mat-stroked-button
        type="button"
        data-testid="bulk-plan"
        [disabled]="busy() || tooMany()"
        (click)="planTask()"
      >
        <mat-icon aria-hidden="true">add_task</mat-icon>{{ 'bulk.planTask' | t }}
      </button>
      @if (isAdmin()) {
        <button
          mat-stroked-button
          type="button"
          class="danger"
          [disabled]="busy() || tooMany()"
          (click)="remove()"
        >
          <mat-icon aria-hidden="true">delete</mat-icon>{{ 'bulk.delete' | t }}
        </button>
      }
      <button mat-button type="button" [disabled]="busy()" (click)="cleared.emit()">
        {{ 'bulk.clear' | t }}
      </button>
      @if (all()) {
        <span class="note" data-testid="bulk-all">{{
          'bulk.allSelected' | t: { n: count() }
        }}</span>
      } @else if (canSelectAll()) {
        <button
          mat-button
          type="button"
          data-testid="bulk-select-all"
          [disabled]="busy()"
          (click)="all.set(true)"
        >
          {{ 'bulk.selectAll' | t: { n: total() ?? 0 } }}
        </button>
      }
      @if (tooMany()) {
        <span class="note">{{
          (all() ? 'bulk.tooManyAll' : 'bulk.tooMany') | t: { max: limit() }
        }}</span>
      }
      @if (job(); as j) {
        <app-bulk-job-progress [job]="j" (stop)="stop($event)" />
      } @else if (busy()) {
        <span class="note" role="status">{{ 'bulk.working' | t: { n: count() } }}</span>
      }
    </div>
    <mat-menu #people="matMenu" class="bulk-menu">
      @for (user of users(); track user.id) {
        <button mat-menu-item type="button" (click)="assign(user.id)">
          {{ user.displayName }}
        </button>
      }
    </mat-menu>
    <mat-menu #tagMenu="matMenu" class="bulk-menu">
      @for (tag of tags(); track tag.id) {
        <button mat-menu-item type="button" (click)="addTag(tag.id)">
          <app-tag-chip [tag]="tag" />
        </button>
      } @empty {
        <div class="menu-caption" role="presentation">{{ 'bulk.noTags' | t }}</div>
      }
    </mat-menu>
    <mat-menu #stages="matMenu" class="bulk-menu">
      @for (group of stageGroups(); track group.id) {
        @if (stageGroups().length > 1) {
          <div class="menu-caption" role="presentation">{{ group.name }}</div>
        }
        @for (stage of group.stages; track stage.id) {
          <button mat-menu-item type="button" (click)="move(stage.id)">{{ stage.name }}</button>
        }
      }
    </mat-menu>
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding: 6px 12px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .danger {
      color: var(--mat-sys-error);
    }
    .note {
      font-size: 13px;
    }
    .menu-caption {
      padding: 8px 16px 4px;
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DealsBulkBar {
  private readonly api = inject(DealsApi);
  private readonly tasksApi = inject(TasksApi);
  private readonly taskActions = inject(TaskActions);
  private readonly confirmation = inject(Confirmation);
  private readonly i18n = inject(I18n);
  private readonly destroyRef = inject(DestroyRef);

  readonly selected = input.required<readonly string[]>();
  /** How many deals the view selects (null while unknown): «Выбрать все N». */
  readonly total = input<number | null>(null);
  /** The view's server query (`pipelineId`, `f.<column>`): what «все N» stands for. */
  readonly query = input<Readonly<Record<string, string>>>({});
  /** The pipelines in view: their open stages are offered. */
  readonly pipelines = input.required<readonly Pipeline[]>();
  readonly users = input.required<readonly BulkUser[]>();
  /** The deals' tag catalog, for «Добавить тег». */
  readonly tags = input<readonly Tag[]>([]);
  readonly isAdmin = input(false);
  /** The change is done (the table reads its rows again): what it did, or the error's message. */
  readonly finished = output<BulkOutcome>();
  readonly cleared = output<void>();

  protected readonly busy = signal(false);
  /** All that the view selects, not only the rows ticked. */
  protected readonly all = signal(false);
  /** The background job of an «all» change while it runs, and where it is read and stopped. */
  protected readonly job = signal<BulkJob | null>(null);
  private jobSource: BulkJobSource = this.api.bulkJobs;
  protected readonly count = computed(() =>
    this.all() ? (this.total() ?? 0) : this.selected().length,
  );
  protected readonly limit = computed(() => (this.all() ? BULK_JOB_MAX : BULK_MAX));
  protected readonly tooMany = computed(() => this.count() > this.limit());
  protected readonly canSelectAll = computed(() => {
    const total = this.total();
    return total !== null && total > this.selected().length;
  });
  protected readonly stageGroups = computed(() =>
    this.pipelines().map((p) => ({
      id: p.id,
      name: p.name,
      stages: p.stages.filter((s) => s.kind === 'open'),
    })),
  );

  protected assign(responsibleId: string): Promise<void> {
    return this.run({ action: 'assign', responsibleId });
  }

  protected addTag(tagId: string): Promise<void> {
    return this.run({ action: 'addTag', tagId });
  }

  protected move(stageId: string): Promise<void> {
    return this.run({ action: 'move', stageId });
  }

  protected async remove(): Promise<void> {
    const n = this.count();
    const yes = await this.confirmation.ask({
      title: this.i18n.t('bulk.deleteTitle'),
      message: this.i18n.t('bulk.deleteConfirm', { n }),
      confirm: this.i18n.t('bulk.delete'),
    });
    if (yes) {
      await this.run({ action: 'delete' }, true);
    }
  }

  /**
   * «Запланировать задачу»: the task from the dialog, planned by Tasks on each deal: the ticked rows at
   * once (a job when more than Tasks takes at once), or all the view selects (their ids from Deals) in a job.
   */
  protected async planTask(): Promise<void> {
    const task = await this.taskActions.askBulkPlan(this.count());
    if (!task) {
      return;
    }
    await this.busyWith(async () => {
      const ids = this.all()
        ? (await firstValueFrom(this.api.ids(this.query()))).ids
        : this.selected();
      const result =
        ids.length <= BULK_PLAN_MAX
          ? await firstValueFrom(this.tasksApi.planOnDeals(ids, task))
          : await this.runJob(this.tasksApi.bulkJobs, this.tasksApi.startPlanOnDeals(ids, task));
      return typeof result === 'string' ? result : { ...result, planned: true };
    });
  }

  protected async stop(jobId: string): Promise<void> {
    try {
      this.job.set(await firstValueFrom(this.jobSource.cancel(jobId)));
    } catch {
      // the job reports how it ended anyway
    }
  }

  /** The change of the ticked rows at once, or (confirmed with the count) of all the view selects in a job. */
  private async run(change: BulkJobChange, confirmed = false): Promise<void> {
    if (this.all() && !confirmed) {
      const n = this.count();
      const yes = await this.confirmation.ask({
        title: this.i18n.t('bulk.allTitle'),
        message: this.i18n.t('bulk.allConfirm', { n }),
        confirm: this.i18n.t('bulk.allGo'),
      });
      if (!yes) {
        return;
      }
    }
    await this.busyWith(() =>
      this.all()
        ? this.runJob(this.api.bulkJobs, this.api.startBulkJob(change, this.query()))
        : firstValueFrom(this.api.bulk({ ...change, ids: this.selected() } as BulkChange)),
    );
  }

  /** Runs a bulk action with the bar busy, then tells the table what it did (or its error). */
  private async busyWith(action: () => Promise<BulkOutcome>): Promise<void> {
    this.busy.set(true);
    try {
      this.finished.emit(await action());
    } catch (error) {
      this.finished.emit(problemMessage(error, this.i18n));
    } finally {
      this.busy.set(false);
      this.job.set(null);
    }
  }

  /** Starts a job and follows it to its end: what it did, or why it stopped. */
  private async runJob(
    source: BulkJobSource,
    start: Observable<BulkJob>,
  ): Promise<BulkResult | string> {
    const started = await firstValueFrom(start);
    this.jobSource = source;
    const ended = await followBulkJob(source, started, (j) => this.job.set(j), this.destroyRef);
    return ended.status === 'failed'
      ? this.i18n.t('bulk.jobFailed', { done: ended.processed, total: ended.total })
      : { changed: ended.changed, unchanged: ended.unchanged, refused: ended.refused };
  }
}
