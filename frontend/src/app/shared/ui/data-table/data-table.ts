import { CdkConnectedOverlay, ConnectedPosition } from '@angular/cdk/overlay';
import { CdkTableModule } from '@angular/cdk/table';
import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Directive,
  ElementRef,
  TemplateRef,
  afterNextRender,
  computed,
  contentChildren,
  inject,
  input,
  model,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { MoneySum, formatMoneySums } from '../../format/money';
import { I18n } from '../../i18n/i18n';
import { TranslatePipe } from '../../i18n/translate';
import { ColumnChooser } from './column-chooser';
import { describeFilter } from './describe-filter';
import { FilterPanel } from './filter-panel';
import { TableColumn, alignsEnd } from './table-column';
import { ColumnFilter, TableView, nextSort, sortState } from './table-query';

/** `<ng-template appCell="name" let-row>`: a column's cells drawn by the page (a link, a chip). */
@Directive({ selector: 'ng-template[appCell]' })
export class DataTableCell {
  readonly appCell = input.required<string>();
  readonly template = inject<TemplateRef<{ $implicit: unknown }>>(TemplateRef);
}

/** `<ng-template appRowActions let-row>`: buttons at the end of each row. */
@Directive({ selector: 'ng-template[appRowActions]' })
export class DataTableRowActions {
  readonly template = inject<TemplateRef<{ $implicit: unknown }>>(TemplateRef);
}

export interface FilterChange {
  /** The filtered column (`f.<column>`). */
  readonly column: string;
  readonly filter: ColumnFilter | null;
}

type Panel =
  | { readonly kind: 'filter'; readonly column: TableColumn<never>; readonly origin: HTMLElement }
  | { readonly kind: 'columns'; readonly origin: HTMLElement };

const SELECT = '_select';
const ACTIONS = '_actions';
/** How near the end of the table comes into view before the next page is read. */
const NEAR_END_PX = 200;

/**
 * The tables' one table «как в Excel» (deals, companies, contacts, tasks), on the CDK table: the
 * columns the user chose in their order, a sort on each sortable header, a filter per column by its
 * type, the column chooser, the count and budget sums of what the filters select, row selection,
 * and the next page loaded when the end of the table scrolls into view. It holds no data of its own:
 * the page keeps the rows and the view (in its URL) and answers the events.
 */
@Component({
  selector: 'app-data-table',
  imports: [
    CdkConnectedOverlay,
    CdkTableModule,
    NgTemplateOutlet,
    MatButtonModule,
    MatCheckboxModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    ColumnChooser,
    FilterPanel,
    TranslatePipe,
  ],
  templateUrl: './data-table.html',
  styleUrl: './data-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DataTable<T> {
  protected readonly i18n = inject(I18n);
  protected readonly hostElement = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);

  /** Every column the table has. */
  readonly columns = input.required<readonly TableColumn<T>[]>();
  /** The ids of the columns shown, in order. */
  readonly visible = input.required<readonly string[]>();
  readonly rows = input.required<readonly T[]>();
  readonly rowId = input.required<(row: T) => string>();
  /** The sort and filters now. */
  readonly view = input.required<TableView>();
  /** What the filters select (null: not known yet). */
  readonly total = input<number | null>(null);
  readonly sums = input<readonly MoneySum[] | null>(null);
  readonly loading = input(false);
  readonly hasMore = input(false);
  readonly selectable = input(false);
  /** The table's accessible name. */
  readonly label = input.required<string>();
  readonly testId = input<string>('data-table');

  /** The ids of the selected rows (bulk actions read them). */
  readonly selected = model<readonly string[]>([]);
  readonly sortChange = output<string>();
  readonly filterChange = output<FilterChange>();
  readonly columnsChange = output<string[]>();
  readonly columnsReset = output<void>();
  readonly loadMore = output<void>();
  readonly opened = output<T>();

  private readonly cellTemplates = contentChildren(DataTableCell);
  private readonly actionsTemplate = contentChildren(DataTableRowActions);
  private readonly sentinel = viewChild<ElementRef<HTMLElement>>('sentinel');
  private readonly scroller = viewChild<ElementRef<HTMLElement>>('scroller');

  protected readonly panel = signal<Panel | null>(null);
  protected readonly positions: ConnectedPosition[] = [
    { originX: 'start', originY: 'bottom', overlayX: 'start', overlayY: 'top', offsetY: 4 },
    { originX: 'end', originY: 'bottom', overlayX: 'end', overlayY: 'top', offsetY: 4 },
    { originX: 'start', originY: 'top', overlayX: 'start', overlayY: 'bottom', offsetY: -4 },
  ];

  protected readonly shown = computed(() => {
    const byId = new Map(this.columns().map((c) => [c.id, c]));
    return this.visible()
      .map((id) => byId.get(id))
      .filter((c): c is TableColumn<T> => !!c);
  });
  protected readonly rowActions = computed(() => this.actionsTemplate()[0]?.template ?? null);
  protected readonly columnIds = computed(() => [
    ...(this.selectable() ? [SELECT] : []),
    ...this.shown().map((c) => c.id),
    ...(this.rowActions() ? [ACTIONS] : []),
  ]);
  protected readonly templates = computed(
    () => new Map(this.cellTemplates().map((t) => [t.appCell(), t.template])),
  );
  protected readonly sort = computed(() => sortState(this.view().sort));
  protected readonly chooserColumns = computed(() =>
    this.columns().map((c) => ({ id: c.id, label: c.label })),
  );
  /** Every filter in force, by its column (shown or not), in words. */
  protected readonly chips = computed(() => {
    const filters = this.view().filters;
    return this.columns()
      .filter((c) => c.filter && filters[c.filter])
      .map((c) => ({
        column: c,
        text: describeFilter(c as TableColumn<never>, filters[c.filter!], this.i18n),
      }));
  });
  protected readonly sumsText = computed(() =>
    this.sums()?.length ? formatMoneySums(this.sums()!, this.i18n.locale()) : '',
  );
  protected readonly selectedSet = computed(() => new Set(this.selected()));
  protected readonly allSelected = computed(
    () =>
      this.rows().length > 0 && this.rows().every((r) => this.selectedSet().has(this.rowId()(r))),
  );
  protected readonly someSelected = computed(
    () => !this.allSelected() && this.rows().some((r) => this.selectedSet().has(this.rowId()(r))),
  );
  protected readonly skeleton = [1, 2, 3, 4, 5, 6];
  protected readonly trackRow = (_: number, row: T) => this.rowId()(row);
  protected readonly alignsEnd = alignsEnd;
  protected readonly selectColumn = SELECT;
  protected readonly actionsColumn = ACTIONS;

  constructor() {
    // The next page when the end of the table comes into view (the button below does it by keyboard).
    afterNextRender(() => {
      const sentinel = this.sentinel()?.nativeElement;
      if (!sentinel || typeof IntersectionObserver === 'undefined') {
        return;
      }
      const observer = new IntersectionObserver(
        (entries) => {
          // An entry may be stale: taken while the table was still empty, and delivered after
          // the first page came (the page is then laid out below it). The layout says now.
          if (entries.some((e) => e.isIntersecting) && this.nearEnd(sentinel)) {
            this.more();
          }
        },
        { root: this.scroller()?.nativeElement ?? null, rootMargin: `${NEAR_END_PX}px` },
      );
      observer.observe(sentinel);
      this.destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  /** Whether the end of the table is in view of its scroller, or near it, in the layout now. */
  private nearEnd(sentinel: HTMLElement): boolean {
    const scroller = this.scroller()?.nativeElement;
    const view = scroller
      ? scroller.getBoundingClientRect()
      : { top: 0, bottom: window.innerHeight };
    const end = sentinel.getBoundingClientRect();
    return end.top <= view.bottom + NEAR_END_PX && end.bottom >= view.top - NEAR_END_PX;
  }

  protected more(): void {
    if (this.hasMore() && !this.loading()) {
      this.loadMore.emit();
    }
  }

  protected filterOf(column: TableColumn<T>): ColumnFilter | undefined {
    return column.filter ? this.view().filters[column.filter] : undefined;
  }

  protected ariaSort(column: TableColumn<T>): string | null {
    const sort = this.sort();
    if (!column.sort) {
      return null;
    }
    return sort?.column === column.sort ? (sort.descending ? 'descending' : 'ascending') : 'none';
  }

  protected sortBy(column: TableColumn<T>): void {
    if (column.sort) {
      this.sortChange.emit(nextSort(this.view().sort, column.sort));
    }
  }

  protected openFilter(column: TableColumn<T>, event: Event): void {
    const origin = event.currentTarget as HTMLElement;
    const open = this.panel();
    this.panel.set(
      open?.kind === 'filter' && open.column.id === column.id
        ? null
        : { kind: 'filter', column: column as TableColumn<never>, origin },
    );
  }

  protected openChooser(event: Event): void {
    const origin = event.currentTarget as HTMLElement;
    this.panel.set(this.panel()?.kind === 'columns' ? null : { kind: 'columns', origin });
  }

  protected closePanel(): void {
    const open = this.panel();
    this.panel.set(null);
    open?.origin.focus();
  }

  protected outsideClick(event: MouseEvent): void {
    // A click on the panel's own button toggles it there; any other click closes it.
    if (!this.panel()?.origin.contains(event.target as Node)) {
      this.panel.set(null);
    }
  }

  protected overlayKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.closePanel();
    }
  }

  protected applyFilter(column: TableColumn<never>, filter: ColumnFilter | null): void {
    this.closePanel();
    if (column.filter) {
      this.filterChange.emit({ column: column.filter, filter });
    }
  }

  protected clearFilter(column: TableColumn<T>): void {
    if (column.filter) {
      this.filterChange.emit({ column: column.filter, filter: null });
    }
  }

  protected applyColumns(columns: string[]): void {
    this.closePanel();
    this.columnsChange.emit(columns);
  }

  protected resetColumns(): void {
    this.closePanel();
    this.columnsReset.emit();
  }

  protected toggleAll(on: boolean): void {
    this.selected.set(on ? this.rows().map(this.rowId()) : []);
  }

  protected toggleRow(row: T, on: boolean): void {
    const id = this.rowId()(row);
    const rest = this.selected().filter((s) => s !== id);
    this.selected.set(on ? [...rest, id] : rest);
  }

  protected rowClick(row: T, event: MouseEvent): void {
    const target = event.target as HTMLElement;
    if (!target.closest('a, button, input, label, .mat-mdc-checkbox')) {
      this.opened.emit(row);
    }
  }

  /** Enter opens the row; the arrows move between rows. */
  protected rowKey(row: T, event: KeyboardEvent): void {
    const current = event.currentTarget as HTMLElement;
    if (event.target !== current) {
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      this.opened.emit(row);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next =
        event.key === 'ArrowDown' ? current.nextElementSibling : current.previousElementSibling;
      if (next instanceof HTMLElement && next.hasAttribute('tabindex')) {
        next.focus();
      }
    }
  }

  /** Focuses the first row (the page's "/" or a test may call it). */
  focusFirstRow(): void {
    this.hostElement.nativeElement.querySelector<HTMLElement>('tr[data-row]')?.focus();
  }
}
