import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { firstValueFrom } from 'rxjs';
import { Pipeline } from '../../pipelines';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { ConfirmDialog, ConfirmDialogData } from '../../shared/ui/confirm-dialog';
import { TagChip } from '../../shared/ui/tags/tag-chip';
import { Tag } from '../../shared/ui/tags/tags-api';
import { DealsApi } from '../data-access/deals-api';
import { BULK_MAX, BulkChange, BulkResult } from '../data-access/models';

/** A user the deals can be given to. */
export interface BulkUser {
  readonly id: string;
  readonly displayName: string;
}

/**
 * The bar over the deals table while rows are selected: «Сменить ответственного», «Перенести на
 * этап» (the open stages of the pipelines in view), «Добавить тег» (the deals' catalog), «Удалить»
 * (admins), «Снять выделение». The
 * server changes each deal by its own rules; the bar then says how many changed and lists the
 * refused ones with the reason.
 */
@Component({
  selector: 'app-deals-bulk-bar',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, TagChip, TranslatePipe],
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
      @if (tooMany()) {
        <span class="note">{{ 'bulk.tooMany' | t: { max: max } }}</span>
      }
      @if (busy()) {
        <span class="note" role="status">{{ 'bulk.working' | t: { n: selected().length } }}</span>
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
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(I18n);

  readonly selected = input.required<readonly string[]>();
  /** The pipelines in view: their open stages are offered. */
  readonly pipelines = input.required<readonly Pipeline[]>();
  readonly users = input.required<readonly BulkUser[]>();
  /** The deals' tag catalog, for «Добавить тег». */
  readonly tags = input<readonly Tag[]>([]);
  readonly isAdmin = input(false);
  /** The change is done (the table reads its rows again): what it did, or the error's message. */
  readonly finished = output<BulkResult | string>();
  readonly cleared = output<void>();

  protected readonly max = BULK_MAX;
  protected readonly busy = signal(false);
  protected readonly tooMany = computed(() => this.selected().length > BULK_MAX);
  protected readonly stageGroups = computed(() =>
    this.pipelines().map((p) => ({
      id: p.id,
      name: p.name,
      stages: p.stages.filter((s) => s.kind === 'open'),
    })),
  );

  protected assign(responsibleId: string): Promise<void> {
    return this.run({ action: 'assign', ids: this.selected(), responsibleId });
  }

  protected addTag(tagId: string): Promise<void> {
    return this.run({ action: 'addTag', ids: this.selected(), tagId });
  }

  protected move(stageId: string): Promise<void> {
    return this.run({ action: 'move', ids: this.selected(), stageId });
  }

  protected async remove(): Promise<void> {
    const n = this.selected().length;
    const yes = await firstValueFrom(
      this.dialog
        .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
          data: {
            title: this.i18n.t('bulk.deleteTitle'),
            message: this.i18n.t('bulk.deleteConfirm', { n }),
            confirm: this.i18n.t('bulk.delete'),
            cancel: this.i18n.t('common.cancel'),
          },
        })
        .afterClosed(),
    );
    if (yes) {
      await this.run({ action: 'delete', ids: this.selected() });
    }
  }

  private async run(change: BulkChange): Promise<void> {
    this.busy.set(true);
    try {
      this.finished.emit(await firstValueFrom(this.api.bulk(change)));
    } catch (error) {
      this.finished.emit(problemMessage(error, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
