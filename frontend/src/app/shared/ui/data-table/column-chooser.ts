import { A11yModule } from '@angular/cdk/a11y';
import {
  CdkDrag,
  CdkDragDrop,
  CdkDragHandle,
  CdkDropList,
  moveItemInArray,
} from '@angular/cdk/drag-drop';
import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { TranslatePipe } from '../../i18n/translate';

export interface ChooserColumn {
  readonly id: string;
  readonly label: string;
}

/**
 * Which columns the table shows and in what order: a checkbox per column, dragged or moved with
 * the arrow buttons (the keyboard's way), «По умолчанию» back to the defaults. At least one stays.
 */
@Component({
  selector: 'app-column-chooser',
  imports: [
    A11yModule,
    CdkDrag,
    CdkDragHandle,
    CdkDropList,
    MatButtonModule,
    MatCheckboxModule,
    MatIconModule,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './popover.scss',
  template: `
    <div
      class="panel"
      role="dialog"
      [attr.aria-label]="'table.columns' | t"
      cdkTrapFocus
      cdkTrapFocusAutoCapture
      data-testid="column-chooser"
    >
      <h3>{{ 'table.columns' | t }}</h3>
      <ul cdkDropList (cdkDropListDropped)="dropped($event)">
        @for (column of ordered(); track column.id; let first = $first, last = $last) {
          <li cdkDrag cdkDragLockAxis="y">
            <mat-icon cdkDragHandle class="handle" aria-hidden="true">drag_indicator</mat-icon>
            <mat-checkbox
              [checked]="shown().has(column.id)"
              [disabled]="shown().size === 1 && shown().has(column.id)"
              (change)="toggle(column.id, $event.checked)"
              >{{ column.label }}</mat-checkbox
            >
            <span class="spacer"></span>
            <button
              mat-icon-button
              type="button"
              [disabled]="first"
              [attr.aria-label]="'table.moveUp' | t: { name: column.label }"
              (click)="move(column.id, -1)"
            >
              <mat-icon aria-hidden="true">arrow_upward</mat-icon>
            </button>
            <button
              mat-icon-button
              type="button"
              [disabled]="last"
              [attr.aria-label]="'table.moveDown' | t: { name: column.label }"
              (click)="move(column.id, 1)"
            >
              <mat-icon aria-hidden="true">arrow_downward</mat-icon>
            </button>
          </li>
        }
      </ul>
      <div class="actions">
        <button mat-button type="button" (click)="reset.emit()">{{ 'table.defaults' | t }}</button>
        <button mat-button type="button" (click)="cancelled.emit()">
          {{ 'common.cancel' | t }}
        </button>
        <button mat-flat-button type="button" (click)="apply()">{{ 'table.apply' | t }}</button>
      </div>
    </div>
  `,
  styles: `
    .panel {
      width: 340px;
      gap: 0;
    }
    .actions {
      margin-top: 8px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      align-items: center;
      background: var(--mat-sys-surface-container-high);
    }
    .handle {
      cursor: grab;
      color: var(--mat-sys-on-surface-variant);
    }
    .spacer {
      flex: 1 1 auto;
    }
  `,
})
export class ColumnChooser implements OnInit {
  /** Every column the table has. */
  readonly columns = input.required<readonly ChooserColumn[]>();
  /** The ones shown now, in order. */
  readonly visible = input.required<readonly string[]>();
  readonly applied = output<string[]>();
  readonly reset = output<void>();
  readonly cancelled = output<void>();

  /** Every column's id: the shown ones first in their order, then the rest. */
  protected readonly order = signal<string[]>([]);
  protected readonly shown = signal<ReadonlySet<string>>(new Set());
  protected readonly ordered = computed(() => {
    const byId = new Map(this.columns().map((c) => [c.id, c]));
    return this.order()
      .map((id) => byId.get(id))
      .filter((c): c is ChooserColumn => !!c);
  });

  ngOnInit(): void {
    const visible = this.visible();
    this.order.set([
      ...visible,
      ...this.columns()
        .map((c) => c.id)
        .filter((id) => !visible.includes(id)),
    ]);
    this.shown.set(new Set(visible));
  }

  protected toggle(id: string, on: boolean): void {
    const next = new Set(this.shown());
    if (on) {
      next.add(id);
    } else if (next.size > 1) {
      next.delete(id);
    }
    this.shown.set(next);
  }

  protected move(id: string, by: number): void {
    const order = [...this.order()];
    const from = order.indexOf(id);
    moveItemInArray(order, from, from + by);
    this.order.set(order);
  }

  protected dropped(event: CdkDragDrop<unknown>): void {
    const order = [...this.order()];
    moveItemInArray(order, event.previousIndex, event.currentIndex);
    this.order.set(order);
  }

  protected apply(): void {
    this.applied.emit(this.order().filter((id) => this.shown().has(id)));
  }
}
