import { A11yModule } from '@angular/cdk/a11y';
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
import { MatRadioModule } from '@angular/material/radio';
import { TranslatePipe } from '../../i18n/translate';
import { addDays, dayKey, zonedInstant } from '../../time/zoned-time';
import { ColumnOption, TableColumn, filterKindOf } from './table-column';
import { ColumnFilter } from './table-query';

type Mode = 'value' | 'empty' | 'notEmpty';

/** A day of the user's zone → the instant it starts, as the server reads it. */
export function dayStart(day: string, timeZone: string): string {
  return zonedInstant(day, '00:00', timeZone).toISOString();
}

/** A day of the user's zone → its last millisecond (the range's upper end is inclusive). */
export function dayEnd(day: string, timeZone: string): string {
  return new Date(zonedInstant(addDays(day, 1), '00:00', timeZone).getTime() - 1).toISOString();
}

/** The day of the user's zone an end of a time range falls on ("2026-01-31" stays itself). */
export function dayOf(value: string | null, timeZone: string): string {
  if (!value) {
    return '';
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : dayKey(value, timeZone);
}

/**
 * One column's filter, by its type: contains, a range (numbers, days), one of the options,
 * checked or not, and «Пусто» / «Не пусто» for a column that can be empty. Enter applies
 * (the form's submit), Esc closes (the overlay), the focus stays inside while open.
 */
@Component({
  selector: 'app-filter-panel',
  imports: [A11yModule, MatButtonModule, MatCheckboxModule, MatRadioModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './popover.scss',
  template: `
    <form
      class="panel"
      role="dialog"
      [attr.aria-label]="'table.filterOf' | t: { name: column().label }"
      cdkTrapFocus
      cdkTrapFocusAutoCapture
      (submit)="$event.preventDefault(); apply()"
      data-testid="filter-panel"
    >
      <h3>{{ column().label }}</h3>
      @if (column().nullable) {
        <mat-radio-group
          class="modes"
          [value]="mode()"
          (change)="mode.set($event.value)"
          [attr.aria-label]="'table.filterMode' | t"
        >
          @if (!column().emptyOnly) {
            <mat-radio-button value="value">{{ 'table.byValue' | t }}</mat-radio-button>
          }
          <mat-radio-button value="empty">{{ 'table.isEmpty' | t }}</mat-radio-button>
          <mat-radio-button value="notEmpty">{{ 'table.isNotEmpty' | t }}</mat-radio-button>
        </mat-radio-group>
      }
      @if (mode() === 'value' && !column().emptyOnly) {
        @switch (kind()) {
          @case ('contains') {
            <label class="field">
              <span>{{ 'table.contains' | t }}</span>
              <input
                type="text"
                name="text"
                [value]="text()"
                (input)="text.set(inputValue($event))"
                cdkFocusInitial
              />
            </label>
          }
          @case ('range') {
            <div class="range">
              <label class="field">
                <span>{{ 'table.from' | t }}</span>
                <input
                  [type]="rangeInput()"
                  name="from"
                  step="any"
                  [value]="from()"
                  (input)="from.set(inputValue($event))"
                  cdkFocusInitial
                />
              </label>
              <label class="field">
                <span>{{ 'table.to' | t }}</span>
                <input
                  [type]="rangeInput()"
                  name="to"
                  step="any"
                  [value]="to()"
                  (input)="to.set(inputValue($event))"
                />
              </label>
            </div>
          }
          @case ('bool') {
            <mat-radio-group
              class="modes"
              [value]="checked()"
              (change)="checked.set($event.value)"
              [attr.aria-label]="column().label"
            >
              <mat-radio-button [value]="true">{{ 'table.yes' | t }}</mat-radio-button>
              <mat-radio-button [value]="false">{{ 'table.no' | t }}</mat-radio-button>
            </mat-radio-group>
          }
          @case ('in') {
            @if (options().length > 8) {
              <label class="field">
                <span class="visually-hidden">{{ 'table.findOption' | t }}</span>
                <input
                  type="search"
                  name="find"
                  [placeholder]="'table.findOption' | t"
                  [value]="find()"
                  (input)="find.set(inputValue($event))"
                  cdkFocusInitial
                />
              </label>
            }
            <div class="options" role="group" [attr.aria-label]="column().label">
              @for (option of shownOptions(); track option.value; let i = $index) {
                @if (option.group && option.group !== shownOptions()[i - 1]?.group) {
                  <div class="group">{{ option.group }}</div>
                }
                <mat-checkbox
                  [checked]="selected().has(option.value)"
                  (change)="toggle(option.value, $event.checked)"
                  >{{ option.label }}</mat-checkbox
                >
              } @empty {
                <p class="none">{{ 'table.noOptions' | t }}</p>
              }
            </div>
          }
        }
      }
      <div class="actions">
        <button mat-button type="button" (click)="apply(true)" [disabled]="!filter()">
          {{ 'table.clearFilter' | t }}
        </button>
        <button mat-button type="button" (click)="cancelled.emit()">
          {{ 'common.cancel' | t }}
        </button>
        <button mat-flat-button type="submit">{{ 'table.apply' | t }}</button>
      </div>
    </form>
  `,
  styles: `
    .modes {
      display: flex;
      flex-wrap: wrap;
    }
    .range {
      display: flex;
      gap: 8px;
    }
    .options {
      display: flex;
      flex-direction: column;
      overflow: auto;
      max-height: 40vh;
    }
    .group {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      margin-top: 6px;
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class FilterPanel implements OnInit {
  readonly column = input.required<TableColumn<never>>();
  /** The column's filter now (none: not filtered). */
  readonly filter = input<ColumnFilter | undefined>(undefined);
  readonly timeZone = input.required<string>();
  /** The new filter, or null to clear it. */
  readonly applied = output<ColumnFilter | null>();
  readonly cancelled = output<void>();

  protected readonly mode = signal<Mode>('value');
  protected readonly text = signal('');
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly checked = signal(true);
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly find = signal('');

  protected readonly kind = computed(() => filterKindOf(this.column().type));
  protected readonly rangeInput = computed(() =>
    this.column().type === 'dateTime' || this.column().type === 'date' ? 'date' : 'number',
  );
  protected readonly options = computed<readonly ColumnOption[]>(() => this.column().options ?? []);
  protected readonly shownOptions = computed(() => {
    const find = this.find().trim().toLocaleLowerCase();
    return find
      ? this.options().filter(
          (o) =>
            o.label.toLocaleLowerCase().includes(find) ||
            !!o.group?.toLocaleLowerCase().includes(find),
        )
      : this.options();
  });

  ngOnInit(): void {
    const filter = this.filter();
    if (this.column().emptyOnly) {
      this.mode.set(filter?.kind === 'empty' && !filter.empty ? 'notEmpty' : 'empty');
      return;
    }
    switch (filter?.kind) {
      case 'empty':
        this.mode.set(filter.empty ? 'empty' : 'notEmpty');
        break;
      case 'contains':
        this.text.set(filter.text);
        break;
      case 'range':
        if (this.column().type === 'dateTime') {
          this.from.set(dayOf(filter.from, this.timeZone()));
          this.to.set(dayOf(filter.to, this.timeZone()));
        } else {
          this.from.set(filter.from ?? '');
          this.to.set(filter.to ?? '');
        }
        break;
      case 'bool':
        this.checked.set(filter.value);
        break;
      case 'in':
        this.selected.set(new Set(filter.values));
        break;
    }
  }

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected toggle(value: string, on: boolean): void {
    const next = new Set(this.selected());
    if (on) {
      next.add(value);
    } else {
      next.delete(value);
    }
    this.selected.set(next);
  }

  protected apply(clear = false): void {
    this.applied.emit(clear ? null : this.built());
  }

  /** The filter the panel holds; null when it says nothing (the column is then not filtered). */
  private built(): ColumnFilter | null {
    const mode = this.mode();
    if (mode !== 'value' || this.column().emptyOnly) {
      return { kind: 'empty', empty: mode !== 'notEmpty' };
    }
    switch (this.kind()) {
      case 'contains':
        return this.text().trim() ? { kind: 'contains', text: this.text().trim() } : null;
      case 'range': {
        const from = this.from().trim();
        const to = this.to().trim();
        if (!from && !to) {
          return null;
        }
        if (this.column().type === 'dateTime') {
          const zone = this.timeZone();
          return {
            kind: 'range',
            from: from ? dayStart(from, zone) : null,
            to: to ? dayEnd(to, zone) : null,
          };
        }
        return { kind: 'range', from: from || null, to: to || null };
      }
      case 'bool':
        return { kind: 'bool', value: this.checked() };
      default: {
        // The options' order, not the clicks'; a value no option has any more stays last.
        const selected = this.selected();
        const known = this.options().map((o) => o.value);
        const values = [
          ...known.filter((v) => selected.has(v)),
          ...[...selected].filter((v) => !known.includes(v)),
        ];
        return values.length ? { kind: 'in', values } : null;
      }
    }
  }
}
