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
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { filter, firstValueFrom, switchMap, take, tap, timer } from 'rxjs';
import { Pipeline } from '../../pipelines';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { ConfirmDialog, ConfirmDialogData } from '../../shared/ui/confirm-dialog';
import { TagChip } from '../../shared/ui/tags/tag-chip';
import { Tag } from '../../shared/ui/tags/tags-api';
import { DealsApi } from '../data-access/deals-api';
import {
  BULK_JOB_MAX,
  BULK_MAX,
  BulkChange,
  BulkJob,
  BulkJobChange,
  BulkResult,
} from '../data-access/models';

/** How often a running job's progress is read. */
export const BULK_JOB_POLL_MS = 500;

/** A user the deals can be given to. */
export interface BulkUser {
  readonly id: string;
  readonly displayName: string;
}

/**
 * The bar over the deals table while rows are selected: «Сменить ответственного», «Перенести на
 * этап» (the open stages of the pipelines in view), «Добавить тег» (the deals' catalog), «Удалить»
 * (admins), «Снять выделение». With rows ticked it also offers all that the view's filter
 * selects («Выбрать все N»): confirmed with the count, the change then runs as a background job on
 * the server, its progress shown here and stoppable. The server changes each deal by its own rules;
 * the bar then says how many changed and lists the refused ones with the reason.
 */
@Component({
  selector: 'app-deals-bulk-bar',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatProgressBarModule,
    TagChip,
    TranslatePipe,
  ],
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
        <span class="progress" role="status" data-testid="bulk-progress">
          <mat-progress-bar
            mode="determinate"
            [value]="j.total ? (100 * j.processed) / j.total : 0"
            [attr.aria-label]="'bulk.progress' | t: { done: j.processed, total: j.total }"
          />
          {{ 'bulk.progress' | t: { done: j.processed, total: j.total } }}
        </span>
        <button mat-button type="button" (click)="stop(j.id)">{{ 'bulk.stop' | t }}</button>
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
  private readonly dialog = inject(MatDialog);
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
  readonly finished = output<BulkResult | string>();
  readonly cleared = output<void>();

  protected readonly busy = signal(false);
  /** All that the view selects, not only the rows ticked. */
  protected readonly all = signal(false);
  /** The background job of an «all» change while it runs. */
  protected readonly job = signal<BulkJob | null>(null);
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
    const yes = await this.confirm(
      'bulk.deleteTitle',
      this.i18n.t('bulk.deleteConfirm', { n }),
      'bulk.delete',
    );
    if (yes) {
      await this.run({ action: 'delete' }, true);
    }
  }

  protected async stop(jobId: string): Promise<void> {
    try {
      this.job.set(await firstValueFrom(this.api.cancelBulkJob(jobId)));
    } catch {
      // the job reports how it ended anyway
    }
  }

  private confirm(
    title: TranslationKey,
    message: string,
    confirm: TranslationKey,
  ): Promise<boolean | undefined> {
    return firstValueFrom(
      this.dialog
        .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
          data: {
            title: this.i18n.t(title),
            message,
            confirm: this.i18n.t(confirm),
            cancel: this.i18n.t('common.cancel'),
          },
        })
        .afterClosed(),
    );
  }

  /** The change of the ticked rows at once, or (confirmed with the count) of all the view selects in a job. */
  private async run(change: BulkJobChange, confirmed = false): Promise<void> {
    if (this.all() && !confirmed) {
      const n = this.count();
      if (
        !(await this.confirm('bulk.allTitle', this.i18n.t('bulk.allConfirm', { n }), 'bulk.allGo'))
      ) {
        return;
      }
    }
    this.busy.set(true);
    try {
      this.finished.emit(
        this.all()
          ? await this.runJob(change)
          : await firstValueFrom(this.api.bulk({ ...change, ids: this.selected() } as BulkChange)),
      );
    } catch (error) {
      this.finished.emit(problemMessage(error, this.i18n));
    } finally {
      this.busy.set(false);
      this.job.set(null);
    }
  }

  /** Starts the job and follows it to its end: what it did, or why it stopped. */
  private async runJob(change: BulkJobChange): Promise<BulkResult | string> {
    const started = await firstValueFrom(this.api.startBulkJob(change, this.query()));
    this.job.set(started);
    const ended = await firstValueFrom(
      timer(BULK_JOB_POLL_MS, BULK_JOB_POLL_MS).pipe(
        switchMap(() => this.api.bulkJob(started.id)),
        tap((j) => this.job.set(j)),
        filter((j) => j.status !== 'queued' && j.status !== 'running'),
        take(1),
        takeUntilDestroyed(this.destroyRef),
      ),
    );
    return ended.status === 'failed'
      ? this.i18n.t('bulk.jobFailed', { done: ended.processed, total: ended.total })
      : { changed: ended.changed, unchanged: ended.unchanged, refused: ended.refused };
  }
}
