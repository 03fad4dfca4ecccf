import { LiveAnnouncer } from '@angular/cdk/a11y';
import { CdkDragDrop, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import { CdkScrollable } from '@angular/cdk/scrolling';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { PeopleStore, SessionStore } from '../../identity';
import { UnsortedColumn } from '../../inbox';
import { PipelinesStore } from '../../pipelines';
import { formatMoneySums } from '../../shared/format/money';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { EmptyState } from '../../shared/ui/empty-state';
import { BoardColumn as Column, BoardStore } from '../data-access/board-store';
import { mergeSums } from '../data-access/budget-sums';
import { BoardTaskFilter, Card, DealChanged } from '../data-access/models';
import { TranslationKey } from '../../shared/i18n/ru';
import { LostReasonDialog } from '../lost-reason-dialog';
import { BoardColumn, CardStep } from './board-column';
import { ColumnsScroll } from './columns-scroll';
import { QuickAddValue } from './quick-add';
import { focusOnSlash } from '../../shared/ui/slash-focus';

const SEARCH_DELAY_MS = 300;

/** /deals/pipeline/:pipelineId — the board of one pipeline. */
@Component({
  selector: 'app-board',
  imports: [
    CdkDropList,
    CdkDropListGroup,
    CdkScrollable,
    ColumnsScroll,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatMenuModule,
    MatTooltipModule,
    RouterLink,
    BoardColumn,
    UnsortedColumn,
    EmptyState,
    TranslatePipe,
  ],
  providers: [BoardStore],
  templateUrl: './board.html',
  styleUrls: ['../deals-bar.scss', './board.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'focusSearchOnSlash($event)' },
})
export class Board {
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly hub = inject(CrmHub);
  private readonly session = inject(SessionStore);
  private readonly searchInput = viewChild<ElementRef<HTMLInputElement>>('searchBox');
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
  protected readonly pipelines = inject(PipelinesStore);
  protected readonly people = inject(PeopleStore);

  /** Route parameter (component input binding). */
  readonly pipelineId = input.required<string>();

  protected readonly pipeline = computed(
    () => this.pipelines.pipelines().find((p) => p.id === this.pipelineId()) ?? null,
  );
  protected readonly notFound = signal(false);
  protected readonly now = signal(new Date());
  protected readonly mine = computed(() => this.store.filter().responsibleId !== null);
  protected readonly totals = computed(() => {
    const columns = this.store.workColumns();
    return {
      count: columns.reduce((n, c) => n + c.count, 0),
      sum: formatMoneySums(mergeSums(columns.map((c) => c.budgetSums)), this.i18n.locale()),
    };
  });
  protected readonly quickAdd = (stageId: string, value: QuickAddValue) =>
    this.store.quickAdd({ stageId, ...value });

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const destroyRef = inject(DestroyRef);
    void this.people.ensureLoaded();

    // Open the pipeline named in the address; watch it live while it is open (the watch first:
    // with the connection up it is in place before the board is read; otherwise the board is
    // read again once it is, and after a reconnect).
    effect((onCleanup) => {
      const id = this.pipelineId();
      onCleanup(this.hub.watch(`pipeline:${id}`, () => void this.store.reload()));
      untracked(() => void this.openPipeline(id));
    });

    const stopListening = this.hub.on<DealChanged>('dealChanged', (message) => {
      if (this.store.applyChange(message)) {
        this.refreshSoon();
      }
    });
    const clock = setInterval(() => this.now.set(new Date()), 60_000);
    destroyRef.onDestroy(() => {
      stopListening();
      clearInterval(clock);
      clearTimeout(this.searchTimer);
      clearTimeout(this.refreshTimer);
    });
  }

  /** The manual's ready filters: «Сделки без задач», «с просроченными задачами». */
  protected readonly taskFilters: readonly {
    value: BoardTaskFilter | null;
    label: TranslationKey;
  }[] = [
    { value: null, label: 'board.tasksAny' },
    { value: 'none', label: 'board.tasksNone' },
    { value: 'overdue', label: 'board.tasksOverdue' },
  ];
  protected readonly taskFilterLabel = computed(
    () =>
      this.taskFilters.find((f) => f.value === (this.store.filter().tasks ?? null))?.label ??
      'board.tasksAny',
  );

  protected setTaskFilter(tasks: BoardTaskFilter | null): void {
    void this.store.setFilter({ tasks });
  }

  protected setMine(mine: boolean): void {
    void this.store.setFilter({ responsibleId: mine ? (this.session.me()?.id ?? null) : null });
  }

  protected onSearch(event: Event): void {
    const q = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.store.setFilter({ q }), SEARCH_DELAY_MS);
  }

  protected async loadMore(stageId: string): Promise<void> {
    try {
      await this.store.loadMore(stageId);
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  protected async drop(event: CdkDragDrop<Column, Column, Card>): Promise<void> {
    if (event.previousContainer === event.container) {
      return;
    }
    await this.moveTo(event.item.data, event.container.data.stage);
  }

  /**
   * The keyboard's drag and drop: the card goes one work column left or right and keeps the focus;
   * never into «Неразобранное», which holds requests.
   */
  protected async step({ card, fromStageId, by }: CardStep): Promise<void> {
    const columns = this.store.workColumns();
    const target = columns[columns.findIndex((c) => c.stage.id === fromStageId) + by];
    if (!target || target.stage.kind === 'unsorted') {
      return;
    }
    if (await this.moveTo(card, target.stage)) {
      void this.announcer.announce(
        this.i18n.t('board.movedTo', { name: card.name, stage: target.stage.name }),
      );
    }
    afterNextRender(
      () =>
        this.host.nativeElement
          .querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(card.id)}"]`)
          ?.focus(),
      { injector: this.injector },
    );
  }

  /** Moves a card (won, lost with its reason, or another stage); false when it stayed. */
  private async moveTo(card: Card, target: Column['stage']): Promise<boolean> {
    let lossReason: string | undefined;
    if (target.kind === 'lost') {
      lossReason = await firstValueFrom(
        this.dialog
          .open<LostReasonDialog, void, string>(LostReasonDialog, { width: '420px' })
          .afterClosed(),
      );
      if (!lossReason) {
        return false;
      }
    }
    try {
      await this.store.move({ card, toStageId: target.id, lossReason });
      return true;
    } catch (error) {
      this.notify(
        this.i18n.t('board.moveFailed', {
          name: card.name,
          message: problemMessage(error, this.i18n),
        }),
      );
      return false;
    }
  }

  /** "/" focuses the search unless the user is typing somewhere. */
  protected focusSearchOnSlash(event: KeyboardEvent): void {
    focusOnSlash(event, this.searchInput()?.nativeElement, this.dialog.openDialogs.length > 0);
  }

  private async openPipeline(id: string): Promise<void> {
    await this.pipelines.ensureLoaded();
    const pipeline = this.pipelines.byId(id);
    this.notFound.set(!pipeline && this.pipelines.loaded());
    if (!pipeline) {
      return;
    }
    this.pipelines.remember(pipeline.id);
    await this.store.open(pipeline);
  }

  /** Re-reads the board once after a burst of changes it could not merge exactly. */
  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.store.reload(), 500);
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 8000 });
  }
}
