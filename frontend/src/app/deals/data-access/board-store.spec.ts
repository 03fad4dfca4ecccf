import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { board, card, dealers, deal } from '../testing/fixtures';
import { BoardStore, matchesFilter } from './board-store';

describe('BoardStore', () => {
  let store: InstanceType<typeof BoardStore>;
  let http: HttpTestingController;

  const column = (stageId: string) => store.columns().find((c) => c.stage.id === stageId)!;
  const ids = (stageId: string) => column(stageId).cards.map((c) => c.id);
  const sums = (stageId: string) => column(stageId).budgetSums;
  /** A column's sums when all its money is in roubles. */
  const rub = (amount: number) => (amount ? [{ currency: 'RUB', amount }] : []);

  async function open(cards: Parameters<typeof board>[0], cursors?: Record<string, string>) {
    const opening = store.open(dealers);
    http
      .expectOne((r) => r.url === '/api/deals/board' && r.params.get('pipelineId') === 'p1')
      .flush(board(cards, cursors));
    await opening;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        BoardStore,
      ],
    });
    store = TestBed.inject(BoardStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('shows every stage in order at once (skeletons), then the first pages', async () => {
    const opening = store.open(dealers);
    expect(store.columns().map((c) => c.stage.name)).toEqual(dealers.stages.map((s) => s.name));
    expect(store.loading()).toBe(true);
    expect(store.workColumns().map((c) => c.stage.id)).toEqual(['s0', 's1', 's2']);
    expect(store.closingColumns().map((c) => c.stage.kind)).toEqual(['won', 'lost']);

    http.expectOne((r) => r.url === '/api/deals/board').flush(board({ s1: [card('d1')] }));
    await opening;

    expect(store.loaded()).toBe(true);
    expect(ids('s1')).toEqual(['d1']);
    expect(column('s1').count).toBe(1);
    expect(sums('s1')).toEqual(rub(1000));
  });

  it('sends «Без задач» / «С просроченными задачами» as tasks=none|overdue', async () => {
    await open({});
    const filtering = store.setFilter({ tasks: 'overdue' });
    const request = http.expectOne((r) => r.url === '/api/deals/board');
    expect(request.request.params.get('tasks')).toBe('overdue');
    request.flush(board({}));
    await filtering;
  });

  it('keeps a live card out of a task filter it does not match (when the card says)', () => {
    const none = { responsibleId: null, q: '', tasks: 'none' as const };
    const overdue = { responsibleId: null, q: '', tasks: 'overdue' as const };
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(matchesFilter(card('d1', { openTaskCount: 0, nextTaskDue: null }), none)).toBe(true);
    expect(matchesFilter(card('d1', { openTaskCount: 1, nextTaskDue: future }), none)).toBe(false);
    expect(matchesFilter(card('d1', { openTaskCount: 2, nextTaskDue: past }), overdue)).toBe(true);
    expect(matchesFilter(card('d1', { openTaskCount: 1, nextTaskDue: future }), overdue)).toBe(
      false,
    );
    // An older server sends no task facts: the card is not hidden by a guess.
    expect(matchesFilter(card('d1'), overdue)).toBe(true);
  });

  it('sends the filters: "Мои" as responsibleId and the search as q', async () => {
    await open({});
    const filtering = store.setFilter({ responsibleId: 'u7', q: ' дилер ' });
    const request = http.expectOne((r) => r.url === '/api/deals/board');
    expect(request.request.params.get('responsibleId')).toBe('u7');
    expect(request.request.params.get('q')).toBe('дилер');
    request.flush(board({}));
    await filtering;
  });

  it('moves a card at once, counts and sums follow, and takes the server version', async () => {
    await open({ s1: [card('d1', { budget: 150_000 }), card('d2')] });

    const moving = store.move({ card: column('s1').cards[0], toStageId: 's2' });
    expect(ids('s1')).toEqual(['d2']);
    expect(ids('s2')).toEqual(['d1']);
    expect(column('s1').count).toBe(1);
    expect(column('s2').count).toBe(1);
    expect(sums('s2')).toEqual(rub(150_000));

    const request = http.expectOne({ method: 'POST', url: '/api/deals/d1/stage' });
    expect(request.request.body).toEqual({ stageId: 's2', version: 1 });
    request.flush(deal('d1', 's2', { budget: 150_000, version: 2 }));
    await moving;

    expect(column('s2').cards[0].version).toBe(2);
  });

  it('puts the card back where it was when the server refuses the move', async () => {
    await open({ s1: [card('d1'), card('d2'), card('d3')] });

    const moving = store.move({ card: column('s1').cards[1], toStageId: 's2' });
    expect(ids('s1')).toEqual(['d1', 'd3']);
    http
      .expectOne('/api/deals/d2/stage')
      .flush(
        { title: 'Forbidden', detail: 'Это сделка другого менеджера', status: 403 },
        { status: 403, statusText: 'Forbidden' },
      );

    await expect(moving).rejects.toMatchObject({ status: 403 });
    expect(ids('s1')).toEqual(['d1', 'd2', 'd3']);
    expect(ids('s2')).toEqual([]);
    expect(column('s1').count).toBe(3);
    expect(column('s2').count).toBe(0);
    expect(sums('s2')).toEqual(rub(0));
  });

  it('closes a deal through /won and /lost (with the reason) when dropped there', async () => {
    await open({ s1: [card('d1'), card('d2')] });

    const winning = store.move({ card: column('s1').cards[0], toStageId: 'won' });
    http
      .expectOne({ method: 'POST', url: '/api/deals/d1/won' })
      .flush(deal('d1', 'won', { version: 2 }));
    await winning;
    expect(column('won').count).toBe(1);

    const losing = store.move({
      card: column('s1').cards[0],
      toStageId: 'lost',
      lossReason: 'Дорого',
    });
    const request = http.expectOne({ method: 'POST', url: '/api/deals/d2/lost' });
    expect(request.request.body).toEqual({ reason: 'Дорого', version: 1 });
    request.flush(deal('d2', 'lost', { version: 2 }));
    await losing;
    expect(column('s1').count).toBe(0);
  });

  it('loads the next page with the cursor and skips cards it already has', async () => {
    await open({ s1: [card('d1'), card('d2')] }, { s1: 'cursor-1' });

    const paging = store.loadMore('s1');
    expect(column('s1').loadingMore).toBe(true);
    const request = http.expectOne((r) => r.url === '/api/deals/board/stages/s1');
    expect(request.request.params.get('after')).toBe('cursor-1');
    request.flush({ stageId: 's1', cards: [card('d2'), card('d3')], nextCursor: null });
    await paging;

    expect(ids('s1')).toEqual(['d1', 'd2', 'd3']);
    expect(column('s1').nextCursor).toBeNull();
    expect(column('s1').loadingMore).toBe(false);

    await store.loadMore('s1');
    http.expectNone((r) => r.url === '/api/deals/board/stages/s1');
  });

  it("applies another user's move live: out of one column, on top of the other", async () => {
    await open({ s1: [card('d1', { budget: 500 })], s2: [card('d2')] });

    const reload = store.applyChange({
      pipelineId: 'p1',
      dealId: 'd1',
      stageId: 's2',
      fromStageId: 's1',
      change: 'moved',
      card: card('d1', { budget: 500, version: 2 }),
    });

    expect(reload).toBe(false);
    expect(ids('s1')).toEqual([]);
    expect(ids('s2')).toEqual(['d1', 'd2']);
    expect(sums('s1')).toEqual(rub(0));
    expect(sums('s2')).toEqual(rub(1500));
  });

  it('takes new task facts of the same deal version (they do not bump it)', async () => {
    await open({ s1: [card('d1', { openTaskCount: 1, nextTaskDue: '2026-11-27T10:00:00Z' })] });

    store.applyChange({
      pipelineId: 'p1',
      dealId: 'd1',
      stageId: 's1',
      fromStageId: null,
      change: 'updated',
      card: card('d1', { openTaskCount: 0, nextTaskDue: null }),
    });

    expect(column('s1').cards[0].openTaskCount).toBe(0);
    expect(column('s1').cards[0].nextTaskDue).toBeNull();
    expect(column('s1').count).toBe(1);
  });

  it('adds a deal created elsewhere, and ignores the echo of its own changes', async () => {
    await open({ s1: [card('d1')] });

    store.applyChange({
      pipelineId: 'p1',
      dealId: 'd9',
      stageId: 's1',
      fromStageId: null,
      change: 'created',
      card: card('d9'),
    });
    expect(ids('s1')).toEqual(['d9', 'd1']);
    expect(column('s1').count).toBe(2);

    // Our optimistic move already shows d1 in s2 with the version the server answered.
    const moving = store.move({ card: column('s1').cards[1], toStageId: 's2' });
    http.expectOne('/api/deals/d1/stage').flush(deal('d1', 's2', { version: 2 }));
    await moving;
    store.applyChange({
      pipelineId: 'p1',
      dealId: 'd1',
      stageId: 's2',
      fromStageId: null,
      change: 'moved',
      card: card('d1', { version: 2 }),
    });
    expect(ids('s2')).toEqual(['d1']);
    expect(column('s2').count).toBe(1);

    // Another pipeline's message changes nothing.
    store.applyChange({
      pipelineId: 'p2',
      dealId: 'x',
      stageId: 's1',
      fromStageId: null,
      change: 'created',
      card: card('x'),
    });
    expect(column('s1').count).toBe(1);
  });

  it('keeps the filter for live changes and removes deleted deals', async () => {
    await open({ s1: [card('d1')] });
    const filtering = store.setFilter({ responsibleId: 'me' });
    http
      .expectOne((r) => r.url === '/api/deals/board')
      .flush(board({ s1: [card('d1', { responsibleId: 'me' })] }));
    await filtering;

    store.applyChange({
      pipelineId: 'p1',
      dealId: 'd5',
      stageId: 's1',
      fromStageId: null,
      change: 'created',
      card: card('d5', { responsibleId: 'other' }),
    });
    expect(ids('s1')).toEqual(['d1']);

    store.applyChange({
      pipelineId: 'p1',
      dealId: 'd1',
      stageId: 's1',
      fromStageId: null,
      change: 'deleted',
      card: null,
    });
    expect(ids('s1')).toEqual([]);
    expect(column('s1').count).toBe(0);
  });

  it('takes a card it never loaded out of the column its move left, without a re-read', async () => {
    await open({ s1: [card('d1', { budget: 1000 })], s2: [] }, { s1: 'more' });
    const before = column('s1');
    const reload = store.applyChange({
      pipelineId: 'p1',
      dealId: 'd77',
      stageId: 's2',
      fromStageId: 's1',
      change: 'moved',
      card: card('d77', { budget: 300 }),
    });
    expect(reload).toBe(false);
    expect(ids('s1')).toEqual(['d1']);
    expect(column('s1').count).toBe(before.count - 1);
    expect(before.budgetSums).toEqual(rub(1000));
    expect(sums('s1')).toEqual(rub(700));
    expect(ids('s2')).toEqual(['d77']);
    expect(column('s2').count).toBe(1);
  });

  it('asks for a re-read when a card it never had changes while pages are missing', async () => {
    await open({ s1: [card('d1')] }, { s1: 'more' });
    const reload = store.applyChange({
      pipelineId: 'p1',
      dealId: 'd77',
      stageId: 's1',
      fromStageId: null,
      change: 'updated',
      card: card('d77'),
    });
    expect(reload).toBe(true);
  });

  it('puts a quick-added deal on top of its column', async () => {
    await open({ s1: [card('d1')] });

    const adding = store.quickAdd({ stageId: 's1', name: '', budget: 2500 });
    const request = http.expectOne({ method: 'POST', url: '/api/deals' });
    expect(request.request.body).toEqual({
      pipelineId: 'p1',
      stageId: 's1',
      name: '',
      budget: 2500,
    });
    request.flush(deal('d2', 's1', { name: 'Сделка #2', budget: 2500 }));
    await adding;

    expect(ids('s1')).toEqual(['d2', 'd1']);
    expect(column('s1').cards[0].name).toBe('Сделка #2');
    expect(sums('s1')).toEqual(rub(3500));
  });

  it('keeps one sum per currency through moves, rollbacks and live currency changes', async () => {
    await open({
      s1: [card('d1', { budget: 1000 }), card('d2', { budget: 500, currency: 'USD' })],
      s2: [card('d3', { budget: 250, currency: 'USD' })],
    });
    expect(sums('s1')).toEqual([
      { currency: 'RUB', amount: 1000 },
      { currency: 'USD', amount: 500 },
    ]);

    const moving = store.move({ card: column('s1').cards[1], toStageId: 's2' });
    expect(sums('s1')).toEqual(rub(1000));
    expect(sums('s2')).toEqual([{ currency: 'USD', amount: 750 }]);
    http
      .expectOne('/api/deals/d2/stage')
      .flush({ title: 'Conflict', status: 409 }, { status: 409, statusText: 'Conflict' });
    await expect(moving).rejects.toMatchObject({ status: 409 });
    expect(sums('s1')).toEqual([
      { currency: 'RUB', amount: 1000 },
      { currency: 'USD', amount: 500 },
    ]);
    expect(sums('s2')).toEqual([{ currency: 'USD', amount: 250 }]);

    // another user puts the dollar deal in euros: the dollars leave, the euros come
    store.applyChange({
      pipelineId: 'p1',
      dealId: 'd2',
      stageId: 's1',
      fromStageId: null,
      change: 'updated',
      card: card('d2', { budget: 500, currency: 'EUR', version: 2 }),
    });
    expect(sums('s1')).toEqual([
      { currency: 'RUB', amount: 1000 },
      { currency: 'EUR', amount: 500 },
    ]);
  });
});
