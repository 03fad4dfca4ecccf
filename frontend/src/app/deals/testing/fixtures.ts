import { Pipeline, Stage } from '../../pipelines';
import { MoneySum } from '../../shared/format/money';
import { addMoney } from '../data-access/budget-sums';
import { Board, Card, Deal } from '../data-access/models';

/** Test data shaped as docs/pipelines-deals-api.md describes it. */
export function stage(id: string, name: string, kind: Stage['kind'], position: number): Stage {
  return {
    id,
    name,
    kind,
    position,
    color: '#99ccff',
    probability: 10,
    dealCount: 0,
    version: 1,
    removing: false,
    refusedDealCount: null,
  };
}

export const dealers: Pipeline = {
  id: 'p1',
  name: 'Новые дилеры',
  kind: 'sales',
  position: 0,
  archived: false,
  version: 1,
  stages: [
    stage('s0', 'Неразобранное', 'unsorted', 0),
    stage('s1', 'Первичный контакт', 'open', 1),
    stage('s2', 'Переговоры', 'open', 2),
    stage('won', 'Успешно реализовано', 'won', 3),
    stage('lost', 'Закрыто и не реализовано', 'lost', 4),
  ],
};

export function card(id: string, overrides: Partial<Card> = {}): Card {
  return {
    id,
    number: Number(id.replace(/\D/g, '')) || 1,
    name: `Сделка ${id}`,
    budget: 1000,
    currency: 'RUB',
    companyId: null,
    companyName: null,
    contactId: null,
    contactName: null,
    responsibleId: 'u1',
    stageEnteredAt: '2026-03-01T10:00:00Z',
    deadline: null,
    version: 1,
    ...overrides,
  };
}

export function deal(id: string, stageId: string, overrides: Partial<Deal> = {}): Deal {
  const c = card(id);
  return {
    ...c,
    pipelineId: dealers.id,
    stageId,
    goal: null,
    contacts: [],
    customFields: {},
    lossReason: null,
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    closedAt: null,
    createdBy: 'u1',
    ...overrides,
  };
}

export function board(
  cardsByStage: Record<string, Card[]>,
  cursors: Record<string, string> = {},
): Board {
  return {
    pipelineId: dealers.id,
    stages: dealers.stages.map((s) => {
      const cards = cardsByStage[s.id] ?? [];
      return {
        stageId: s.id,
        count: cards.length + (cursors[s.id] ? 50 : 0),
        budgetSums: cards.reduce(
          (sums, c) => addMoney(sums, c.currency, c.budget ?? 0),
          [] as readonly MoneySum[],
        ),
        cards,
        nextCursor: cursors[s.id] ?? null,
      };
    }),
  };
}
