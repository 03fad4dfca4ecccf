import { CdkDrag, CdkDragPlaceholder, CdkDropList, CdkDragDrop } from '@angular/cdk/drag-drop';
import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { Router } from '@angular/router';
import { formatMoney, formatMoneySums } from '../../shared/format/money';
import { formatDuration, formatRelativeDateTime } from '../../shared/format/relative-time';
import { formatDateTime } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { BoardColumn as Column } from '../data-access/board-store';
import { Card } from '../data-access/models';
import { QuickAdd, QuickAddValue } from './quick-add';

/** Height of a card plus the gap under it: the virtual scroll's fixed item size. */
export const CARD_SIZE = 92;

/**
 * One stage of the board: header with colour, count and budget sums, «Быстрое добавление»,
 * and the cards in a virtual scroll that asks for the next page near its end.
 */
/** A card to move one column left (-1) or right (+1) from the keyboard. */
export interface CardStep {
  readonly card: Card;
  readonly fromStageId: string;
  readonly by: -1 | 1;
}

@Component({
  selector: 'app-board-column',
  imports: [
    CdkDrag,
    CdkDragPlaceholder,
    CdkDropList,
    ScrollingModule,
    MatIconModule,
    QuickAdd,
    TranslatePipe,
  ],
  templateUrl: './board-column.html',
  styleUrl: './board-column.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'region',
    '[attr.aria-label]': 'column().stage.name',
    '[class.unsorted]': 'unsorted()',
    '[attr.data-stage]': 'column().stage.name',
  },
})
export class BoardColumn {
  private readonly i18n = inject(I18n);
  private readonly router = inject(Router);
  private readonly viewport = viewChild(CdkVirtualScrollViewport);

  readonly column = input.required<Column>();
  readonly loading = input(false);
  readonly names = input.required<ReadonlyMap<string, string>>();
  readonly now = input.required<Date>();
  readonly canQuickAdd = input(true);
  /** «Неразобранное» holds Inbox's requests: no deal is added or dropped there by hand. */
  protected readonly unsorted = computed(() => this.column().stage.kind === 'unsorted');
  protected readonly acceptsCard = (): boolean => !this.unsorted();
  /** A To-Do pipeline's column: quick add makes a job (name and deadline), not a sale. */
  readonly todo = input(false);
  readonly quickAdd = input.required<(stageId: string, value: QuickAddValue) => Promise<unknown>>();

  readonly dropped = output<CdkDragDrop<Column, Column, Card>>();
  readonly loadMore = output<string>();
  /** Alt+← / Alt+→ on a card: move it to the previous / next column (the keyboard's drag and drop). */
  readonly step = output<CardStep>();

  protected readonly cardSize = CARD_SIZE;
  /**
   * Pixels per frame CDK scrolls while a card is held at an edge (default 2, ~120 px/s): at 8 a
   * column of the board slides in within about half a second.
   */
  protected readonly autoScrollStep = 8;
  protected readonly skeletons = [0, 1, 2];
  /** One sum per currency, never added across currencies: "1 000 ₽ · 1 000 $". */
  protected readonly sum = computed(() =>
    formatMoneySums(this.column().budgetSums, this.i18n.locale()),
  );
  protected readonly save = (value: QuickAddValue) =>
    this.quickAdd()(this.column().stage.id, value);
  protected readonly trackCard = (_: number, card: Card) => card.id;
  private lastDragEnd = 0;

  protected money(card: Card): string {
    return formatMoney(card.budget, this.i18n.locale(), card.currency);
  }

  protected inStage(card: Card): string {
    return formatDuration(card.stageEnteredAt, this.i18n, this.now());
  }

  protected deadline(card: Card): string {
    return card.deadline
      ? formatDateTime(card.deadline, this.i18n.locale(), this.i18n.timeZone(), 'date')
      : '';
  }

  /**
   * The deal's tasks at a glance (the manual: deals "у которых есть просроченные задачи или
   * нет задач вообще" must stand out): no task — red; overdue — orange; else the nearest due.
   */
  protected taskFlag(card: Card): {
    kind: 'task-none' | 'task-overdue' | 'task-ok';
    label: string;
    text: string;
  } {
    // Each icon with its word: a red «!» or a clock alone says nothing without a mouse to hover.
    if (!card.openTaskCount) {
      return {
        kind: 'task-none',
        label: this.i18n.t('board.noTasks'),
        text: this.i18n.t('board.noTasksShort'),
      };
    }
    const due = card.nextTaskDue ? new Date(card.nextTaskDue) : null;
    if (due && due.getTime() < this.now().getTime()) {
      const when = formatRelativeDateTime(due, this.i18n, this.now());
      return {
        kind: 'task-overdue',
        label: this.i18n.t('board.overdueTaskSince', { when }),
        text: this.i18n.t('board.overdueShort'),
      };
    }
    const text = due ? formatRelativeDateTime(due, this.i18n, this.now()) : '';
    return { kind: 'task-ok', label: this.i18n.t('board.nextTask', { when: text }), text };
  }

  protected overdue(card: Card): boolean {
    return !!card.deadline && new Date(card.deadline).getTime() < this.now().getTime();
  }

  protected onScrolled(): void {
    const viewport = this.viewport();
    const column = this.column();
    if (!viewport || !column.nextCursor || column.loadingMore) {
      return;
    }
    const end = viewport.getRenderedRange().end;
    if (end >= column.cards.length - 10) {
      this.loadMore.emit(column.stage.id);
    }
  }

  protected stepKey(event: KeyboardEvent, card: Card): void {
    if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) {
      return;
    }
    event.preventDefault();
    this.step.emit({
      card,
      fromStageId: this.column().stage.id,
      by: event.key === 'ArrowLeft' ? -1 : 1,
    });
  }

  protected dragEnded(): void {
    this.lastDragEnd = Date.now();
  }

  /** A plain click opens the card; a click that ends a drag does not. */
  protected open(event: MouseEvent, card: Card): void {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    event.preventDefault();
    if (Date.now() - this.lastDragEnd < 300) {
      return;
    }
    void this.router.navigate(['/deals', card.id]);
  }
}
