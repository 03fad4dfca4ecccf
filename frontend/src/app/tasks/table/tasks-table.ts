import { CdkConnectedOverlay, CdkOverlayOrigin, ConnectedPosition } from '@angular/cdk/overlay';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import { PeopleStore, SessionStore } from '../../identity';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import {
  DataTable,
  DataTableCell,
  DataTableRowActions,
  FilterChange,
} from '../../shared/ui/data-table/data-table';
import { ChosenColumns } from '../../shared/ui/data-table/chosen-columns';
import { ReadyFilter, SearchPanel } from '../../shared/ui/data-table/search-panel';
import { visibleColumns } from '../../shared/ui/data-table/table-column';
import {
  TableView,
  fromQueryString,
  toQueryString,
  viewFromParams,
  viewToParams,
  withFilter,
} from '../../shared/ui/data-table/table-query';
import { SavedFilter, TableRef } from '../../shared/ui/data-table/table-settings-api';
import { EmptyState } from '../../shared/ui/empty-state';
import { focusOnSlash } from '../../shared/ui/slash-focus';
import { LiveTasks } from '../data-access/live-tasks';
import { Task } from '../data-access/models';
import { TaskTypesStore } from '../data-access/task-types-store';
import { TaskActions } from '../task-actions';
import { DEFAULT_TASK_COLUMNS, taskColumns } from './task-columns';
import { TasksTableStore } from './tasks-table-store';
import { READY_PARAM, TASK_READY_FILTERS, readyOf } from './ready-filters';

const SEARCH_DELAY_MS = 300;
const DEFAULT_SORT = 'due';
export const TASKS_TABLE: TableRef = { module: 'tasks', table: 'tasks' };

const paramsOf = (params: ParamMap): Record<string, string> =>
  Object.fromEntries(params.keys.map((key) => [key, params.get(key) ?? '']));

/**
 * /tasks/list — «Список» of the organizer: every task, open and done, in the shared table «как в
 * Excel», the whole view (ready filter, sort, filters, columns) in the URL; «Поиск и фильтр» with
 * «Просроченные», «На сегодня», «Выполненные на этой неделе» and saved filters; a task completed
 * from its row (with its result, as everywhere); live through the hub's `taskChanged`.
 */
@Component({
  selector: 'app-tasks-table',
  imports: [
    CdkConnectedOverlay,
    CdkOverlayOrigin,
    MatButtonModule,
    MatIconModule,
    MatTooltipModule,
    RouterLink,
    DataTable,
    DataTableCell,
    DataTableRowActions,
    EmptyState,
    SearchPanel,
    TranslatePipe,
  ],
  providers: [TasksTableStore],
  templateUrl: './tasks-table.html',
  styleUrl: './tasks-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'focusSearchOnSlash($event)' },
})
export class TasksTable {
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly searchInput = viewChild<ElementRef<HTMLInputElement>>('searchBox');
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(TasksTableStore);
  protected readonly actions = inject(TaskActions);
  protected readonly types = inject(TaskTypesStore);
  protected readonly people = inject(PeopleStore);
  protected readonly session = inject(SessionStore);
  protected readonly table = TASKS_TABLE;

  private readonly params = toSignal(this.route.queryParamMap.pipe(map(paramsOf)), {
    initialValue: {} as Record<string, string>,
  });
  protected readonly view = computed(() => viewFromParams(this.params()));
  protected readonly ready = computed(() => readyOf(this.params()[READY_PARAM]));
  private readonly chosen = new ChosenColumns(TASKS_TABLE, DEFAULT_TASK_COLUMNS);

  protected readonly columns = computed(() =>
    taskColumns({ types: this.types.types(), people: this.people.users(), i18n: this.i18n }),
  );
  protected readonly visible = computed(() =>
    visibleColumns(
      this.columns(),
      this.view().columns ?? this.chosen.columns(),
      DEFAULT_TASK_COLUMNS,
    ).map((c) => c.id),
  );
  /** What the server is asked: the ready filter, the sort (the table's own when none), the filters. */
  private readonly serverQuery = computed(() => {
    const view = this.view();
    return toQueryString(
      this.paramsFor({ ...view, sort: view.sort ?? DEFAULT_SORT, columns: null }),
    );
  });
  /** The whole view, columns included, as «Сохранить текущий вид» keeps it. */
  protected readonly viewQuery = computed(() =>
    toQueryString(this.paramsFor({ ...this.view(), columns: this.visible() })),
  );
  protected readonly readyFilters = TASK_READY_FILTERS;
  protected readonly activeReady = computed(
    () => this.ready() ?? (Object.keys(this.view().filters).length === 0 ? 'all' : null),
  );
  protected readonly filtered = computed(
    () => !!this.ready() || Object.keys(this.view().filters).length > 0,
  );
  protected readonly searchText = computed(() => {
    const text = this.view().filters['text'];
    return text?.kind === 'contains' ? text.text : '';
  });
  protected readonly rowId = (row: Task) => row.id;
  protected readonly panelOpen = signal(false);
  protected readonly panelPositions: ConnectedPosition[] = [
    { originX: 'end', originY: 'bottom', overlayX: 'end', overlayY: 'top', offsetY: 4 },
    { originX: 'start', originY: 'bottom', overlayX: 'start', overlayY: 'top', offsetY: 4 },
  ];

  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    void this.types.ensureLoaded();
    void this.people.ensureLoaded();

    // A new view (ready filter, sort, filters) is read from its first page.
    effect(() => {
      const query = this.serverQuery();
      untracked(() => this.store.open(fromQueryString(query)));
    });

    // Any change of a task may move it in or out of the view: read it again (after a burst).
    const stopLive = inject(LiveTasks).watch(
      () => true,
      () => this.store.reload(),
    );
    const changes = this.actions.changes.subscribe(() => this.store.reload());
    inject(DestroyRef).onDestroy(() => {
      stopLive();
      changes.unsubscribe();
      clearTimeout(this.searchTimer);
    });
  }

  protected cellOf(columnId: string, row: Task): string {
    return (
      this.columns()
        .find((c) => c.id === columnId)
        ?.cell(row) ?? ''
    );
  }

  protected sortBy(sort: string): void {
    this.go({ ...this.view(), sort });
  }

  protected filterBy(change: FilterChange): void {
    this.go(withFilter(this.view(), change.column, change.filter));
  }

  protected onSearch(event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(
      () =>
        this.go(withFilter(this.view(), 'text', text.trim() ? { kind: 'contains', text } : null)),
      SEARCH_DELAY_MS,
    );
  }

  /** A ready filter replaces the column filters (the server works it out in the user's days). */
  protected pickReady(filter: ReadyFilter): void {
    this.panelOpen.set(false);
    this.go({ ...this.view(), filters: {} }, readyOf(filter.id));
  }

  protected openSaved(saved: SavedFilter): void {
    this.panelOpen.set(false);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: fromQueryString(saved.query),
    });
  }

  protected setColumns(columns: string[]): Promise<void> {
    this.go({ ...this.view(), columns });
    return this.chosen.choose(columns);
  }

  protected resetColumns(): Promise<void> {
    this.go({ ...this.view(), columns: null });
    return this.chosen.reset();
  }

  /** «Выполнить» on a row: the result is asked for; the view is read again (the task may leave it). */
  protected async complete(row: Task): Promise<void> {
    if (await this.actions.complete(row)) {
      this.store.reload();
    }
  }

  protected edit(row: Task): void {
    void this.actions.edit(row);
  }

  protected closePanel(event?: MouseEvent, origin?: HTMLElement): void {
    if (event && origin?.contains(event.target as Node)) {
      return;
    }
    this.panelOpen.set(false);
  }

  /** "/" focuses the search unless the user is typing somewhere. */
  protected focusSearchOnSlash(event: KeyboardEvent): void {
    focusOnSlash(event, this.searchInput()?.nativeElement, this.dialog.openDialogs.length > 0);
  }

  private paramsFor(view: TableView, ready = this.ready()): Record<string, string> {
    const params = viewToParams(view);
    return ready ? { [READY_PARAM]: ready, ...params } : params;
  }

  private go(view: TableView, ready = this.ready()): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: this.paramsFor(view, ready),
    });
  }
}
