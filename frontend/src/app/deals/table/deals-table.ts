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
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { firstValueFrom, map } from 'rxjs';
import { PeopleStore, SessionStore } from '../../identity';
import { PipelinesStore } from '../../pipelines';
import { CustomField } from '../../shared/forms/custom-field';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CrmHub } from '../../shared/realtime/crm-hub';
import {
  DataTable,
  DataTableCell,
  DataTableRowActions,
  FilterChange,
} from '../../shared/ui/data-table/data-table';
import { ReadyFilter, SearchPanel } from '../../shared/ui/data-table/search-panel';
import { visibleColumns } from '../../shared/ui/data-table/table-column';
import {
  ColumnFilter,
  TableView,
  formatFilter,
  fromQueryString,
  toQueryString,
  viewFromParams,
  viewToParams,
  withFilter,
} from '../../shared/ui/data-table/table-query';
import { SavedFilter, TableRef } from '../../shared/ui/data-table/table-settings-api';
import { ChosenColumns } from '../../shared/ui/data-table/chosen-columns';
import { EmptyState } from '../../shared/ui/empty-state';
import { ExportMenu } from '../../shared/ui/export-menu/export-menu';
import { ImportDialog, ImportDialogData } from '../../shared/ui/import-dialog/import-dialog';
import { TaskActions } from '../../tasks';
import { DealsApi } from '../data-access/deals-api';
import { DealChanged, DealRow } from '../data-access/models';
import { BulkOutcome, DealsBulkBar } from './bulk-bar';
import { DEFAULT_DEAL_COLUMNS, dealColumns } from './deal-columns';
import { DealsTableStore } from './deals-table-store';
import { DEAL_READY_FILTERS } from './ready-filters';
import { focusOnSlash } from '../../shared/ui/slash-focus';
import { TagChips } from '../../shared/ui/tags/tag-chip';
import { Tag, TagCatalogRef, TagsApi } from '../../shared/ui/tags/tags-api';

const DEAL_TAGS: TagCatalogRef = { module: 'deals', kind: 'deal' };

const PIPELINE_PARAM = 'pipeline';
const SEARCH_DELAY_MS = 300;
const REFRESH_DELAY_MS = 400;
const TABLE: TableRef = { module: 'deals', table: 'deals' };

const paramsOf = (map: ParamMap): Record<string, string> =>
  Object.fromEntries(map.keys.map((key) => [key, map.get(key) ?? '']));

/** The same filters, a ready filter's times aside (they move with the clock). */
function sameShape(
  a: Readonly<Record<string, ColumnFilter>>,
  b: Readonly<Record<string, ColumnFilter>>,
): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) {
    return false;
  }
  return keys.every((key) => {
    const x = a[key];
    const y = b[key];
    if (!y || x.kind !== y.kind) {
      return false;
    }
    if (x.kind === 'range' && y.kind === 'range') {
      return !x.from === !y.from && !x.to === !y.to;
    }
    return formatFilter(x) === formatFilter(y);
  });
}

/**
 * /deals/list — «Список»: the deals of one pipeline or of all in the shared table, the whole view
 * (pipeline, sort, filters, columns) in the URL; «Поиск и фильтр» with ready and saved filters; a
 * task planned from a row; live: a change of a deal in view reads the view again.
 */
@Component({
  selector: 'app-deals-table',
  imports: [
    CdkConnectedOverlay,
    CdkOverlayOrigin,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatTooltipModule,
    RouterLink,
    DataTable,
    DataTableCell,
    DataTableRowActions,
    DealsBulkBar,
    EmptyState,
    ExportMenu,
    SearchPanel,
    TagChips,
    TranslatePipe,
  ],
  providers: [DealsTableStore],
  templateUrl: './deals-table.html',
  styleUrls: ['../deals-bar.scss', './deals-table.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'focusSearchOnSlash($event)' },
})
export class DealsTable {
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly api = inject(DealsApi);
  private readonly hub = inject(CrmHub);
  private readonly taskActions = inject(TaskActions);
  private readonly dialog = inject(MatDialog);
  private readonly searchInput = viewChild<ElementRef<HTMLInputElement>>('searchBox');
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(DealsTableStore);
  protected readonly pipelines = inject(PipelinesStore);
  protected readonly people = inject(PeopleStore);
  protected readonly session = inject(SessionStore);

  private readonly params = toSignal(this.route.queryParamMap.pipe(map(paramsOf)), {
    initialValue: {} as Record<string, string>,
  });
  protected readonly pipelineId = computed(() => this.params()[PIPELINE_PARAM] || null);
  protected readonly pipeline = computed(() => {
    const id = this.pipelineId();
    return id ? (this.pipelines.pipelines().find((p) => p.id === id) ?? null) : null;
  });
  /** The pipeline «Импорт» brings deals into: the one shown, else the first (a row may name another). */
  protected readonly importPipelineId = computed(
    () => this.pipelineId() ?? this.pipelines.pipelines()[0]?.id ?? null,
  );
  protected readonly view = computed(() => viewFromParams(this.params()));
  private readonly fields = signal<readonly CustomField[]>([]);
  /** The deals' tag catalog: the «Теги» filter and the bulk «Добавить тег». */
  protected readonly tags = signal<readonly Tag[]>([]);
  private readonly tagsApi = inject(TagsApi);
  /** The user's columns kept on the server (null: never chosen, or not answered yet). */
  private readonly chosen = new ChosenColumns(TABLE, DEFAULT_DEAL_COLUMNS);

  protected readonly columns = computed(() =>
    dealColumns({
      pipelines: this.pipelines.pipelines(),
      pipelineId: this.pipelineId(),
      people: this.people.users(),
      fields: this.fields(),
      tags: this.tags(),
      i18n: this.i18n,
    }),
  );
  protected readonly visible = computed(() =>
    visibleColumns(
      this.columns(),
      this.view().columns ?? this.chosen.columns(),
      DEFAULT_DEAL_COLUMNS,
    ).map((c) => c.id),
  );
  /** What the server is asked: the pipeline, the sort, the filters. */
  private readonly serverQuery = computed(() => {
    const params = viewToParams({ ...this.view(), columns: null });
    const pipelineId = this.pipelineId();
    return toQueryString(pipelineId ? { pipelineId, ...params } : params);
  });
  /** The server's query of the view as parameters: what the bulk bar's «все N» stands for. */
  protected readonly serverParams = computed(() => fromQueryString(this.serverQuery()));
  /**
   * «Экспорт»: the server's query of the view (every deal it selects, not the loaded pages) and the
   * columns shown, in their order; the money column brings its currency.
   */
  protected readonly exportQuery = computed(() => ({
    ...this.serverParams(),
    cols: this.visible()
      .flatMap((id) => (id === 'budget' ? ['budget', 'currency'] : [id]))
      .join(','),
  }));
  /** The whole view, columns included, as «Сохранить текущий вид» keeps it. */
  protected readonly viewQuery = computed(() =>
    toQueryString(this.paramsFor({ ...this.view(), columns: this.visible() })),
  );
  protected readonly searchText = computed(() => {
    const name = this.view().filters['name'];
    return name?.kind === 'contains' ? name.text : '';
  });
  protected readonly ready = DEAL_READY_FILTERS;
  protected readonly activeReady = computed(() => {
    const filters = this.view().filters;
    const context = this.readyContext();
    return this.ready.find((r) => sameShape(r.filters(context), filters))?.id ?? null;
  });
  protected readonly filtered = computed(() => Object.keys(this.view().filters).length > 0);
  protected readonly boardLink = computed(() => [
    '/deals/pipeline',
    this.pipelineId() ?? this.pipelines.defaultPipeline()?.id ?? '',
  ]);
  protected readonly rowId = (row: DealRow) => row.id;
  protected readonly panelOpen = signal(false);
  protected readonly panelPositions: ConnectedPosition[] = [
    { originX: 'end', originY: 'bottom', overlayX: 'end', overlayY: 'top', offsetY: 4 },
    { originX: 'start', originY: 'bottom', overlayX: 'start', overlayY: 'top', offsetY: 4 },
  ];
  protected readonly selected = signal<readonly string[]>([]);
  /** What the last bulk change did (or its error), until dismissed. */
  protected readonly bulkResult = signal<BulkOutcome | null>(null);
  /** The pipelines whose stages a bulk move offers: the one in view, or all. */
  protected readonly pipelinesInView = computed(() => {
    const id = this.pipelineId();
    const all = this.pipelines.pipelines();
    return id ? all.filter((p) => p.id === id) : all;
  });

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    void this.pipelines.ensureLoaded();
    void this.people.ensureLoaded();
    void this.loadFields();
    void this.loadTags();

    // A new view (pipeline, sort, filters) is read from its first page.
    effect(() => {
      const query = this.serverQuery();
      untracked(() => {
        this.selected.set([]);
        this.store.open(fromQueryString(query));
      });
    });

    // Live: the pipelines in view are watched; a change of a deal reads the view again, and so
    // does a watch put in place after the view was read (CrmHub's catch-up).
    effect((onCleanup) => {
      const id = this.pipelineId();
      const ids = id ? [id] : this.pipelines.pipelines().map((p) => p.id);
      const unwatch = ids.map((p) => this.hub.watch(`pipeline:${p}`, () => this.refreshSoon()));
      onCleanup(() => unwatch.forEach((u) => u()));
    });
    const stopListening = this.hub.on<DealChanged>('dealChanged', (message) => {
      const id = this.pipelineId();
      if (!id || message.pipelineId === id) {
        this.refreshSoon();
      }
    });
    const clock = setInterval(() => this.now.set(Date.now()), 60_000);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(clock);
      stopListening();
      clearTimeout(this.searchTimer);
      clearTimeout(this.refreshTimer);
    });
  }

  private readonly stages = computed(
    () => new Map(this.pipelines.pipelines().flatMap((p) => p.stages.map((s) => [s.id, s]))),
  );
  private readonly now = signal(Date.now());

  protected stageOf(row: DealRow) {
    return this.stages().get(row.stageId) ?? null;
  }

  protected isOverdue(row: DealRow): boolean {
    return !!row.nextTaskDue && new Date(row.nextTaskDue).getTime() < this.now();
  }

  protected cellOf(columnId: string, row: DealRow): string {
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
        this.go(withFilter(this.view(), 'name', text.trim() ? { kind: 'contains', text } : null)),
      SEARCH_DELAY_MS,
    );
  }

  protected choosePipeline(id: string | null): void {
    // Another pipeline's stages would select nothing.
    this.go(withFilter(this.view(), 'stage', null), id);
  }

  protected pickReady(filter: ReadyFilter): void {
    this.panelOpen.set(false);
    this.go({ ...this.view(), filters: filter.filters(this.readyContext()) });
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

  /** A bulk change is done: its report stays over the table, the rows are read again. */
  protected bulkDone(result: BulkOutcome): void {
    this.bulkResult.set(result);
    if (typeof result !== 'string') {
      this.selected.set([]);
      this.store.reload();
    }
  }

  protected isText(value: unknown): value is string {
    return typeof value === 'string';
  }

  /** «Импорт»: the shared import dialog, in deals mode; the table is read again after. */
  protected importFile(): void {
    const pipelineId = this.importPipelineId();
    if (!pipelineId) {
      return;
    }
    this.dialog
      .open<ImportDialog, ImportDialogData>(ImportDialog, {
        data: {
          title: 'import.titleDeals',
          api: '/api/deals/imports',
          // The file's times («Срок») are read on the user's clock, as the export writes them.
          fields: { pipelineId, tz: this.i18n.timeZone() },
          duplicates: false,
        },
        autoFocus: false,
      })
      .afterClosed()
      .subscribe(() => this.store.reload());
  }

  protected open(row: DealRow): void {
    void this.router.navigate(['/deals', row.id]);
  }

  /** «Запланировать задачу» on a row: the task dialog for the deal; under «без задач» the row leaves. */
  protected async planTask(row: DealRow): Promise<void> {
    const task = await this.taskActions.create({ kind: 'deal', id: row.id, name: row.name });
    const withoutTasks = this.view().filters['nextTask'];
    if (task && withoutTasks?.kind === 'empty' && withoutTasks.empty) {
      this.store.dropRow(row.id);
    }
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

  private readyContext() {
    return { now: new Date(), timeZone: this.i18n.timeZone(), me: this.session.me()?.id ?? null };
  }

  private paramsFor(view: TableView, pipelineId = this.pipelineId()): Record<string, string> {
    const params = viewToParams(view);
    return pipelineId ? { [PIPELINE_PARAM]: pipelineId, ...params } : params;
  }

  private go(view: TableView, pipelineId = this.pipelineId()): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: this.paramsFor(view, pipelineId),
    });
  }

  private async loadFields(): Promise<void> {
    try {
      this.fields.set(await firstValueFrom(this.api.customFields()));
    } catch (error) {
      console.warn('Could not load the deals custom fields', error);
    }
  }

  private async loadTags(): Promise<void> {
    try {
      this.tags.set(await firstValueFrom(this.tagsApi.list(DEAL_TAGS, '', 500)));
    } catch (error) {
      console.warn('Could not load the deals tags', error);
    }
  }

  /** Reads the view again once after a burst of changes. */
  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.store.reload(), REFRESH_DELAY_MS);
  }
}
