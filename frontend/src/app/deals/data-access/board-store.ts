import { computed, inject } from '@angular/core';
import { patchState, signalStore, withComputed, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { isClosingStage, Pipeline, Stage } from '../../pipelines';
import { MoneySum } from '../../shared/format/money';
import { addMoney } from './budget-sums';
import { DealsApi } from './deals-api';
import {
  BoardFilter,
  BoardTaskFilter,
  Card,
  CreateDealRequest,
  Deal,
  DealChanged,
  toCard,
} from './models';

/**
 * One stage of the board: its totals cover the whole stage, `cards` the pages loaded so far.
 * `budgetSums` has one sum per currency (never added across currencies), roubles first.
 */
export interface BoardColumn {
  readonly stage: Stage;
  readonly count: number;
  readonly budgetSums: readonly MoneySum[];
  readonly cards: readonly Card[];
  readonly nextCursor: string | null;
  readonly loadingMore: boolean;
}

interface BoardState {
  readonly pipeline: Pipeline | null;
  readonly columns: readonly BoardColumn[];
  readonly filter: BoardFilter;
}

/** What a move needs: the card where it is now. */
export interface MoveRequest {
  readonly card: Card;
  readonly toStageId: string;
  /** Required by the server when the target is the lost stage. */
  readonly lossReason?: string;
}

const budgetOf = (card: Card) => card.budget ?? 0;
/** The column's sums with the card's budget added (+1) or taken away (-1), in the card's currency. */
const sumsWith = (column: BoardColumn, card: Card, sign: 1 | -1) =>
  addMoney(column.budgetSums, card.currency, sign * budgetOf(card));

function matchesTaskFilter(card: Card, tasks: BoardTaskFilter, now = Date.now()): boolean {
  return tasks === 'none'
    ? card.openTaskCount === 0
    : !!card.nextTaskDue && Date.parse(card.nextTaskDue) < now;
}

/** Whether a card belongs on the board under the filter ("Мои", search by name or number). */
export function matchesFilter(card: Card, filter: BoardFilter): boolean {
  if (filter.responsibleId && card.responsibleId !== filter.responsibleId) {
    return false;
  }
  if (filter.tasks && card.openTaskCount !== undefined && !matchesTaskFilter(card, filter.tasks)) {
    return false;
  }
  const needle = filter.q.trim().toLocaleLowerCase();
  return (
    !needle ||
    card.name.toLocaleLowerCase().includes(needle) ||
    String(card.number).includes(needle)
  );
}

/**
 * What can change on a card without a new deal version: its task facts (kept from Tasks'
 * events). A message with the same version but other facts is news, not an echo.
 */
function sameUnversioned(a: Card, b: Card): boolean {
  return a.openTaskCount === b.openTaskCount && a.nextTaskDue === b.nextTaskDue;
}

function withoutCard(column: BoardColumn, cardId: string): BoardColumn {
  const card = column.cards.find((c) => c.id === cardId);
  if (!card) {
    return column;
  }
  return {
    ...column,
    cards: column.cards.filter((c) => c.id !== cardId),
    count: Math.max(0, column.count - 1),
    budgetSums: sumsWith(column, card, -1),
  };
}

/** Takes a card that was counted but never loaded (beyond the loaded pages) out of the totals. */
function withoutUnloaded(column: BoardColumn, card: Card): BoardColumn {
  return {
    ...column,
    count: Math.max(0, column.count - 1),
    budgetSums: sumsWith(column, card, -1),
  };
}

function withCard(column: BoardColumn, card: Card, index = 0): BoardColumn {
  const cards = [...column.cards];
  cards.splice(Math.min(index, cards.length), 0, card);
  return {
    ...column,
    cards,
    count: column.count + 1,
    budgetSums: sumsWith(column, card, 1),
  };
}

/** Replaces a card in place; the stage's sums follow a changed budget or currency. */
function withReplaced(column: BoardColumn, card: Card): BoardColumn {
  const old = column.cards.find((c) => c.id === card.id);
  if (!old) {
    return column;
  }
  return {
    ...column,
    cards: column.cards.map((c) => (c.id === card.id ? card : c)),
    budgetSums: addMoney(
      addMoney(column.budgetSums, old.currency, -budgetOf(old)),
      card.currency,
      budgetOf(card),
    ),
  };
}

/**
 * The board of one pipeline. Moves and quick adds apply at once and are undone when the
 * server refuses (the HttpErrorResponse is rethrown for the message). Live `dealChanged`
 * messages from other users are merged in; echoes of our own changes are recognised by
 * deal id and version and ignored.
 */
export const BoardStore = signalStore(
  withState<BoardState>({ pipeline: null, columns: [], filter: { responsibleId: null, q: '' } }),
  withCallState(),
  withComputed(({ columns }) => ({
    /** Unsorted and open stages: the columns of the board. */
    workColumns: computed(() => columns().filter((c) => !isClosingStage(c.stage))),
    /** Won and lost: drop zones at the bottom of the board. */
    closingColumns: computed(() => columns().filter((c) => isClosingStage(c.stage))),
  })),
  withMethods((store, api = inject(DealsApi), i18n = inject(I18n)) => {
    let loadSeq = 0;

    const updateColumn = (stageId: string, change: (column: BoardColumn) => BoardColumn) =>
      patchState(store, {
        columns: store.columns().map((c) => (c.stage.id === stageId ? change(c) : c)),
      });

    const locate = (cardId: string) => {
      for (const column of store.columns()) {
        const index = column.cards.findIndex((c) => c.id === cardId);
        if (index >= 0) {
          return { column, index, card: column.cards[index] };
        }
      }
      return null;
    };

    const load = async (quiet = false): Promise<void> => {
      const pipeline = store.pipeline();
      if (!pipeline) {
        return;
      }
      const seq = ++loadSeq;
      if (!quiet) {
        patchState(store, loading());
      }
      try {
        const board = await firstValueFrom(api.board(pipeline.id, store.filter()));
        if (seq !== loadSeq) {
          return;
        }
        const byStage = new Map(board.stages.map((s) => [s.stageId, s]));
        patchState(
          store,
          {
            columns: pipeline.stages.map((stage) => {
              const data = byStage.get(stage.id);
              return {
                stage,
                count: data?.count ?? 0,
                budgetSums: data?.budgetSums ?? [],
                cards: data?.cards ?? [],
                nextCursor: data?.nextCursor ?? null,
                loadingMore: false,
              };
            }),
          },
          loaded(),
        );
      } catch (error) {
        if (seq === loadSeq) {
          patchState(store, failed(problemMessage(error, i18n)));
        }
      }
    };

    return {
      /** Opens a pipeline: columns (empty, as skeletons) at once, then the first pages. */
      open(pipeline: Pipeline): Promise<void> {
        patchState(store, {
          pipeline,
          columns: pipeline.stages.map((stage) => ({
            stage,
            count: 0,
            budgetSums: [],
            cards: [],
            nextCursor: null,
            loadingMore: false,
          })),
        });
        return load();
      },
      reload: () => load(true),
      setFilter(filter: Partial<BoardFilter>): Promise<void> {
        patchState(store, { filter: { ...store.filter(), ...filter } });
        return load();
      },

      /** The next page of a stage (keyset: the previous page's cursor). */
      async loadMore(stageId: string): Promise<void> {
        const column = store.columns().find((c) => c.stage.id === stageId);
        if (!column?.nextCursor || column.loadingMore) {
          return;
        }
        const seq = loadSeq;
        updateColumn(stageId, (c) => ({ ...c, loadingMore: true }));
        try {
          const page = await firstValueFrom(
            api.stagePage(stageId, column.nextCursor, store.filter()),
          );
          if (seq !== loadSeq) {
            return;
          }
          updateColumn(stageId, (c) => {
            const known = new Set(c.cards.map((card) => card.id));
            return {
              ...c,
              cards: [...c.cards, ...page.cards.filter((card) => !known.has(card.id))],
              nextCursor: page.nextCursor,
              loadingMore: false,
            };
          });
        } catch (error) {
          updateColumn(stageId, (c) => ({ ...c, loadingMore: false }));
          throw error;
        }
      },

      /** Moves at once; undoes the move and rethrows when the server refuses. */
      async move({ card, toStageId, lossReason }: MoveRequest): Promise<Deal | null> {
        const from = locate(card.id);
        const target = store.columns().find((c) => c.stage.id === toStageId);
        if (!from || !target || from.column.stage.id === toStageId) {
          return null;
        }
        const fromStageId = from.column.stage.id;
        const moved: Card = { ...from.card, stageEnteredAt: new Date().toISOString() };
        updateColumn(fromStageId, (c) => withoutCard(c, card.id));
        updateColumn(toStageId, (c) => withCard(c, moved));
        try {
          const version = from.card.version;
          const deal = await firstValueFrom(
            target.stage.kind === 'won'
              ? api.won(card.id, version)
              : target.stage.kind === 'lost'
                ? api.lost(card.id, lossReason ?? '', version)
                : api.move(card.id, toStageId, version),
          );
          const now = locate(card.id);
          if (now && now.card.version <= deal.version) {
            updateColumn(now.column.stage.id, (c) => withReplaced(c, toCard(deal)));
          }
          return deal;
        } catch (error) {
          const now = locate(card.id);
          if (now) {
            updateColumn(now.column.stage.id, (c) => withoutCard(c, card.id));
          }
          updateColumn(fromStageId, (c) => withCard(c, from.card, from.index));
          throw error;
        }
      },

      /** "Быстрое добавление": the new card goes to the top of its column. */
      async quickAdd(request: Omit<CreateDealRequest, 'pipelineId'>): Promise<Deal> {
        const pipeline = store.pipeline();
        if (!pipeline) {
          throw new Error('No pipeline is open');
        }
        const deal = await firstValueFrom(api.create({ ...request, pipelineId: pipeline.id }));
        const card = toCard(deal);
        const existing = locate(card.id);
        if (existing) {
          updateColumn(existing.column.stage.id, (c) => withReplaced(c, card));
        } else {
          updateColumn(deal.stageId, (c) => withCard(c, card));
        }
        return deal;
      },

      /**
       * Merges a live change. Returns true when the board could not be kept exact (the card
       * was in a page not loaded yet) and should be re-read.
       */
      applyChange(message: DealChanged): boolean {
        const pipeline = store.pipeline();
        if (!pipeline || message.pipelineId !== pipeline.id) {
          return false;
        }
        const found = locate(message.dealId);
        const card = message.card;
        if (message.change === 'deleted' || !card) {
          if (found) {
            updateColumn(found.column.stage.id, (c) => withoutCard(c, message.dealId));
          }
          return false;
        }
        if (
          found &&
          (found.card.version > card.version ||
            (found.card.version === card.version && sameUnversioned(found.card, card)))
        ) {
          // Our own optimistic change (or an older message) already shows this.
          return false;
        }
        const visible = matchesFilter(card, store.filter());
        if (found) {
          if (found.column.stage.id === message.stageId && visible) {
            updateColumn(message.stageId, (c) => withReplaced(c, card));
            return false;
          }
          updateColumn(found.column.stage.id, (c) => withoutCard(c, card.id));
        }
        if (visible && store.columns().some((c) => c.stage.id === message.stageId)) {
          updateColumn(message.stageId, (c) => withCard(c, card));
        }
        if (!found && message.change === 'moved' && message.fromStageId && visible) {
          // A card we never loaded left this stage: its totals lose it all the same.
          updateColumn(message.fromStageId, (c) => withoutUnloaded(c, card));
          return false;
        }
        // Any other change of a card we never had may have touched totals we cannot correct.
        return !found && message.change !== 'created' && store.columns().some((c) => c.nextCursor);
      },
    };
  }),
);
