import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { I18n } from '../../shared/i18n/i18n';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { TaskActions } from '../../tasks';
import { DealRow, DealTablePage } from '../data-access/models';
import { dealers } from '../testing/fixtures';
import { DealsTable } from './deals-table';
import { DEAL_READY_FILTERS } from './ready-filters';

const deal = (id: string, overrides: Partial<DealRow> = {}): DealRow => ({
  id,
  number: 1,
  name: `Сделка ${id}`,
  pipelineId: 'p1',
  stageId: 's1',
  budget: 1000,
  currency: 'RUB',
  responsibleId: 'u1',
  companyId: null,
  companyName: null,
  contactId: null,
  contactName: null,
  deadline: null,
  customFields: {},
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
  closedAt: null,
  stageEnteredAt: '2026-03-01T10:00:00Z',
  version: 1,
  openTaskCount: 0,
  nextTaskDue: null,
  tags: [],
  ...overrides,
});

const page = (items: DealRow[], nextCursor: string | null = null): DealTablePage => ({
  items,
  nextCursor,
  total: items.length,
  budgetSums: [{ currency: 'RUB', amount: 1000 * items.length }],
});

/** «Список» of the Deals section: the view in the URL is what the server is asked for. */
describe('DealsTable: the deals table «Список»', () => {
  let http: HttpTestingController;
  let router: Router;
  let fixture: ComponentFixture<DealsTable>;
  const created: { id: string; name: string }[] = [];
  /** How many deals each «Запланировать задачу» dialog was opened for. */
  const asked: number[] = [];
  const planned = {
    typeId: 't-call',
    text: 'Позвонить по списку',
    allDay: false,
    dueAt: '2026-03-02T07:00:00.000Z',
    durationMinutes: null,
  };

  async function open(url: string): Promise<void> {
    created.length = 0;
    asked.length = 0;
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', children: [] }]),
        provideFakeCrmHub(),
        {
          provide: TaskActions,
          useValue: {
            create: async (link: { id: string; name: string }) => {
              created.push(link);
              return { id: 't1' };
            },
            askBulkPlan: async (count: number) => {
              asked.push(count);
              return planned;
            },
          },
        },
      ],
    });
    TestBed.inject(I18n).use('ru');
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    fixture = TestBed.createComponent(DealsTable);
    fixture.detectChanges();
    http.match('/api/identity/users').forEach((r) => r.flush([]));
    await vi.waitFor(() => http.expectOne((r) => r.url === '/api/pipelines').flush([dealers]));
    http.match('/api/deals/custom-fields').forEach((r) => r.flush([]));
    // never chosen: the defaults serve
    http.match('/api/deals/table-columns/deals').forEach((r) => r.flush({ columns: null }));
  }

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  const tableRequest = () =>
    vi.waitFor(() => {
      const found = http.match((r) => r.url === '/api/deals' && !r.params.has('after'));
      expect(found).toHaveLength(1);
      return found[0];
    });
  const params = (request: TestRequest) =>
    Object.fromEntries(
      request.request.params.keys().map((k) => [k, request.request.params.get(k)]),
    );
  async function until(ready: () => boolean): Promise<void> {
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(ready()).toBe(true);
    });
  }
  const element = () => fixture.nativeElement as HTMLElement;
  const rows = () =>
    [...element().querySelectorAll('tr[data-row]')].map((r) => r.getAttribute('data-id'));

  it('asks the server for the view in the URL: pipeline, sort, filters, and shows the chosen columns', async () => {
    await open(
      '/deals/list?pipeline=p1&sort=-budget&f.nextTask=empty&f.closed=empty&cols=name,budget',
    );
    const request = await tableRequest();
    expect(params(request)).toEqual({
      pipelineId: 'p1',
      sort: '-budget',
      'f.closed': 'empty',
      'f.nextTask': 'empty',
      limit: '50',
      totals: 'false',
    });
    request.flush(page([deal('d1'), deal('d2')]));
    // the rows show at once; the count comes from the totals, asked beside the page for the same view
    await until(() => rows().length === 2);
    expect(element().textContent).not.toContain('Найдено');
    const totals = await vi.waitFor(() => http.expectOne((r) => r.url === '/api/deals/totals'));
    expect(params(totals)).toEqual({
      pipelineId: 'p1',
      'f.closed': 'empty',
      'f.nextTask': 'empty',
    });
    totals.flush({ total: 2, budgetSums: [{ currency: 'RUB', amount: 2000 }] });
    await until(() => element().textContent!.includes('Найдено: 2'));
    const headers = [...element().querySelectorAll('th[data-column]')].map((th) =>
      th.getAttribute('data-column'),
    );
    expect(headers).toEqual(['name', 'budget']);
    expect(element().querySelector('h1')?.textContent).toContain('Новые дилеры');
  });

  it('exports the view: the server query (not the pages loaded) and the columns shown, in order', async () => {
    await open('/deals/list?pipeline=p1&sort=-budget&f.status=in:open&cols=name,budget,status');
    (await tableRequest()).flush(page([deal('d1')], 'next'));
    await until(() => rows().length === 1);
    element().querySelector<HTMLButtonElement>('[data-testid="export-menu"]')!.click();
    await until(() => !!document.querySelector('[data-testid="export-csv-semicolon"]'));
    const href = document
      .querySelector('[data-testid="export-csv-semicolon"]')!
      .getAttribute('href')!;
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/api/deals/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      pipelineId: 'p1',
      sort: '-budget',
      'f.status': 'in:open',
      cols: 'name,budget,currency,status',
      format: 'csv',
      delimiter: 'semicolon',
      tz: expect.any(String),
    });
  });

  it('shows every pipeline without one in the URL, the default columns, and the next page on demand', async () => {
    await open('/deals/list');
    const first = await tableRequest();
    expect(params(first)).toEqual({ limit: '50', totals: 'false' });
    first.flush(page([deal('d1')], 'c1'));
    http.expectOne('/api/deals/totals').flush({ total: 1, budgetSums: [] });
    await until(() => rows().length === 1);
    expect(element().querySelector('h1')?.textContent).toContain('Все воронки');
    expect(element().querySelector('th[data-column="pipeline"]')).not.toBeNull();
    expect((TestBed.inject(CrmHub) as unknown as FakeCrmHub).topics.has('pipeline:p1')).toBe(true);

    [...element().querySelectorAll('button')]
      .find((b) => b.textContent?.includes('Показать ещё'))!
      .click();
    const next = await vi.waitFor(() => http.expectOne((r) => r.params.get('after') === 'c1'));
    next.flush({ ...page([deal('d2')]), total: null, budgetSums: null });
    await until(() => rows().length === 2);
    expect(element().textContent).toContain('Найдено: 1');
  });

  it('puts a sort and a ready filter into the URL', async () => {
    await open('/deals/list?pipeline=p1');
    (await tableRequest()).flush(page([deal('d1')]));
    await until(() => rows().length === 1);

    element().querySelector<HTMLButtonElement>('th[data-column="budget"] button.sort')!.click();
    await vi.waitFor(() => expect(router.url).toBe('/deals/list?pipeline=p1&sort=budget'));
    (await tableRequest()).flush(page([deal('d1')]));

    const withoutTasks = DEAL_READY_FILTERS.find((f) => f.id === 'without-tasks')!;
    element().querySelector<HTMLButtonElement>('[data-testid="search-panel-button"]')!.click();
    await until(() => !!document.querySelector('[data-testid="search-panel"]'));
    http.match('/api/deals/saved-filters?table=deals').forEach((r) => r.flush([]));
    const button = [
      ...document.querySelectorAll<HTMLButtonElement>('[data-testid="search-panel"] button'),
    ].find((b) => b.textContent?.trim() === 'Сделки без задач')!;
    expect(withoutTasks.label).toBe('searchPanel.withoutTasks');
    button.click();
    await vi.waitFor(() =>
      expect(router.url).toBe(
        '/deals/list?pipeline=p1&sort=budget&f.closed=empty&f.nextTask=empty',
      ),
    );
    const request = await tableRequest();
    expect(params(request)['f.nextTask']).toBe('empty');
  });

  it('plans a task from a row; under «без задач» the row leaves at once', async () => {
    await open('/deals/list?f.nextTask=empty&f.closed=empty');
    (await tableRequest()).flush(page([deal('d1'), deal('d2')]));
    http.expectOne((r) => r.url === '/api/deals/totals').flush({ total: 2, budgetSums: [] });
    await until(() => rows().length === 2 && element().textContent!.includes('Найдено: 2'));
    element()
      .querySelector<HTMLButtonElement>('tr[data-id="d1"] [data-testid="plan-task"]')!
      .click();
    await until(() => rows().length === 1);
    expect(created).toEqual([{ kind: 'deal', id: 'd1', name: 'Сделка d1' }]);
    expect(rows()).toEqual(['d2']);
    expect(element().textContent).toContain('Найдено: 1');
  });

  it('moves the selected deals to a stage at once and shows what was refused and why', async () => {
    await open('/deals/list?pipeline=p1');
    (await tableRequest()).flush(page([deal('d1'), deal('d2'), deal('d3')]));
    await until(() => rows().length === 3);
    for (const id of ['d1', 'd3']) {
      element().querySelector<HTMLInputElement>(`tr[data-id="${id}"] td.select input`)!.click();
    }
    await until(() => !!element().querySelector('[data-testid="bulk-bar"]'));

    [...element().querySelectorAll<HTMLButtonElement>('[data-testid="bulk-bar"] button')]
      .find((b) => b.textContent?.includes('Перенести на этап'))!
      .click();
    await until(() => document.querySelectorAll('.bulk-menu button').length > 0);
    const stages = [...document.querySelectorAll<HTMLButtonElement>('.bulk-menu button')];
    // the open stages of the pipeline in view, not «Неразобранное» or the closing ones
    expect(stages.map((b) => b.textContent?.trim())).toEqual(['Первичный контакт', 'Переговоры']);
    stages[1].click();

    const bulk = await vi.waitFor(() => http.expectOne('/api/deals/bulk'));
    expect(bulk.request.body).toEqual({ action: 'move', ids: ['d1', 'd3'], stageId: 's2' });
    bulk.flush({
      changed: 1,
      unchanged: 0,
      refused: [{ id: 'd3', name: 'Сделка d3', reason: 'Сделку меняет её ответственный' }],
    });
    // the rows are read again, the selection is gone, the report stays
    (await tableRequest()).flush(page([deal('d1', { stageId: 's2' }), deal('d2'), deal('d3')]));
    await until(() => !!element().querySelector('[data-testid="bulk-result"]'));
    const report = element().querySelector('[data-testid="bulk-result"]')!.textContent!;
    expect(report).toContain('Изменено: 1');
    expect(report).toContain('Не изменено: 1');
    expect(report).toContain('Сделка d3: Сделку меняет её ответственный');
    expect(element().querySelector('[data-testid="bulk-bar"]')).toBeNull();
  });

  it('changes all that the filter selects in a background job, confirmed with the count, with its progress', async () => {
    await open('/deals/list?pipeline=p1&f.nextTask=empty');
    (await tableRequest()).flush(page([deal('d1'), deal('d2'), deal('d3')]));
    http.expectOne((r) => r.url === '/api/deals/totals').flush({ total: 120, budgetSums: [] });
    await until(() => rows().length === 3);
    element().querySelector<HTMLInputElement>('tr[data-id="d1"] td.select input')!.click();
    await until(() => !!element().querySelector('[data-testid="bulk-select-all"]'));
    element().querySelector<HTMLButtonElement>('[data-testid="bulk-select-all"]')!.click();
    await until(() => !!element().querySelector('[data-testid="bulk-all"]'));
    expect(element().querySelector('[data-testid="bulk-all"]')!.textContent).toContain('120');

    [...element().querySelectorAll<HTMLButtonElement>('[data-testid="bulk-bar"] button')]
      .find((b) => b.textContent?.includes('Перенести на этап'))!
      .click();
    await until(() => document.querySelectorAll('.bulk-menu button').length > 0);
    [...document.querySelectorAll<HTMLButtonElement>('.bulk-menu button')][1].click();
    // confirmed with the count
    await until(() => !!document.querySelector('mat-dialog-container'));
    expect(document.querySelector('mat-dialog-container')!.textContent).toContain('120');
    [...document.querySelectorAll<HTMLButtonElement>('mat-dialog-container button')]
      .find((b) => b.textContent?.trim() === 'Изменить')!
      .click();

    const start = await vi.waitFor(() => http.expectOne('/api/deals/bulk-jobs'));
    expect(start.request.body).toEqual({
      change: { action: 'move', stageId: 's2' },
      pipelineId: 'p1',
      filters: { 'f.nextTask': 'empty' },
    });
    const job = (status: string, processed: number, changed = processed) => ({
      id: 'j1',
      action: 'move',
      status,
      total: 120,
      processed,
      changed,
      unchanged: 0,
      refused: [],
      failure: null,
    });
    start.flush(job('queued', 0));
    const poll = () =>
      vi.waitFor(() => http.expectOne('/api/deals/bulk-jobs/j1'), { timeout: 3000 });
    (await poll()).flush(job('running', 50));
    await until(() =>
      (element().querySelector('[data-testid="bulk-progress"]')?.textContent ?? '').includes(
        'Обработано 50 из 120',
      ),
    );
    (await poll()).flush(job('done', 120));
    (await tableRequest()).flush(page([deal('d1', { stageId: 's2' })]));
    await until(() => !!element().querySelector('[data-testid="bulk-result"]'));
    expect(element().querySelector('[data-testid="bulk-result"]')!.textContent).toContain(
      'Изменено: 120',
    );
  });

  it('plans a task on the selected deals through Tasks and says on how many', async () => {
    await open('/deals/list?pipeline=p1&f.nextTask=empty');
    (await tableRequest()).flush(page([deal('d1'), deal('d2'), deal('d3')]));
    await until(() => rows().length === 3);
    for (const id of ['d1', 'd2']) {
      element().querySelector<HTMLInputElement>(`tr[data-id="${id}"] td.select input`)!.click();
    }
    await until(() => !!element().querySelector('[data-testid="bulk-plan"]'));
    expect(element().querySelector('[data-testid="bulk-plan"]')!.textContent).toContain(
      'Запланировать задачу',
    );
    element().querySelector<HTMLButtonElement>('[data-testid="bulk-plan"]')!.click();

    const plan = await vi.waitFor(() => http.expectOne('/api/tasks/bulk'));
    expect(asked).toEqual([2]);
    expect(plan.request.body).toEqual({ dealIds: ['d1', 'd2'], task: planned });
    plan.flush({
      changed: 1,
      unchanged: 0,
      refused: [
        {
          id: 'd2',
          name: 'Сделка d2',
          reason: 'Менеджер планирует задачи списком только по своим сделкам',
        },
      ],
    });
    // the rows are read again: the deal given a task leaves «без задач»
    (await tableRequest()).flush(page([deal('d2'), deal('d3')]));
    await until(() => !!element().querySelector('[data-testid="bulk-result"]'));
    const report = element().querySelector('[data-testid="bulk-result"]')!.textContent!;
    expect(report).toContain('Задача поставлена в сделки: 1');
    expect(report).toContain('Без задачи остались: 1');
    expect(report).toContain(
      'Сделка d2: Менеджер планирует задачи списком только по своим сделкам',
    );
    expect(rows()).toEqual(['d2', 'd3']);
  });

  it('plans a task on all that the filter selects: the ids from Deals, then a Tasks job with its progress', async () => {
    await open('/deals/list?pipeline=p1&f.nextTask=empty');
    (await tableRequest()).flush(page([deal('d1'), deal('d2'), deal('d3')]));
    http.expectOne((r) => r.url === '/api/deals/totals').flush({ total: 150, budgetSums: [] });
    await until(() => rows().length === 3);
    element().querySelector<HTMLInputElement>('tr[data-id="d1"] td.select input')!.click();
    await until(() => !!element().querySelector('[data-testid="bulk-select-all"]'));
    element().querySelector<HTMLButtonElement>('[data-testid="bulk-select-all"]')!.click();
    await until(() => !!element().querySelector('[data-testid="bulk-all"]'));
    element().querySelector<HTMLButtonElement>('[data-testid="bulk-plan"]')!.click();

    const ids = Array.from({ length: 150 }, (_, i) => `d${i + 1}`);
    const view = await vi.waitFor(() => http.expectOne((r) => r.url === '/api/deals/ids'));
    expect(asked).toEqual([150]);
    expect(params(view)).toEqual({ pipelineId: 'p1', 'f.nextTask': 'empty' });
    view.flush({ ids });
    const start = await vi.waitFor(() => http.expectOne('/api/tasks/bulk-jobs'));
    expect(start.request.body).toEqual({ dealIds: ids, task: planned });
    const job = (status: string, processed: number) => ({
      id: 'j2',
      action: 'planTask',
      status,
      total: 150,
      processed,
      changed: processed,
      unchanged: 0,
      refused: [],
      failure: null,
    });
    start.flush(job('queued', 0));
    const poll = () =>
      vi.waitFor(() => http.expectOne('/api/tasks/bulk-jobs/j2'), { timeout: 3000 });
    (await poll()).flush(job('running', 50));
    await until(() =>
      (element().querySelector('[data-testid="bulk-progress"]')?.textContent ?? '').includes(
        'Обработано 50 из 150',
      ),
    );
    (await poll()).flush(job('done', 150));
    (await tableRequest()).flush(page([]));
    await until(() => !!element().querySelector('[data-testid="bulk-result"]'));
    expect(element().querySelector('[data-testid="bulk-result"]')!.textContent).toContain(
      'Задача поставлена в сделки: 150',
    );
  });

  it('reads the view again when a deal in view changes (live)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await open('/deals/list?pipeline=p1');
      (await tableRequest()).flush(page([deal('d1')]));
      const hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
      hub.emit('dealChanged', { pipelineId: 'other', dealId: 'x' });
      hub.emit('dealChanged', { pipelineId: 'p1', dealId: 'd1' });
      vi.advanceTimersByTime(1000);
      const again = await tableRequest();
      expect(params(again)['pipelineId']).toBe('p1');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the deals table’s ready filters', () => {
  const context = { now: new Date('2026-03-12T10:00:00Z'), timeZone: 'Europe/Moscow', me: 'u1' };
  const of = (id: string) => DEAL_READY_FILTERS.find((f) => f.id === id)!.filters(context);

  it('are sets of column filters worked out from now, the user’s zone and who they are', () => {
    expect(of('mine')).toEqual({ responsible: { kind: 'in', values: ['u1'] } });
    expect(of('without-tasks')).toEqual({
      nextTask: { kind: 'empty', empty: true },
      closed: { kind: 'empty', empty: true },
    });
    expect(of('overdue')).toEqual({
      nextTask: { kind: 'range', from: null, to: '2026-03-12T10:00:00.000Z' },
      closed: { kind: 'empty', empty: true },
    });
    // Thursday 12 March: the week began on Monday the 9th, Moscow midnight = 21:00 UTC the day before.
    expect(of('opened-this-week')).toEqual({
      created: { kind: 'range', from: '2026-03-08T21:00:00.000Z', to: null },
    });
    expect(of('won-this-month')).toEqual({
      status: { kind: 'in', values: ['won'] },
      closed: { kind: 'range', from: '2026-02-28T21:00:00.000Z', to: null },
    });
    expect(of('lost-this-month')['status']).toEqual({ kind: 'in', values: ['lost'] });
    expect(of('idle-14')).toEqual({
      updated: { kind: 'range', from: null, to: '2026-02-26T10:00:00.000Z' },
      closed: { kind: 'empty', empty: true },
    });
    expect(of('closed')).toEqual({ closed: { kind: 'empty', empty: false } });
    expect(of('all')).toEqual({});
  });
});
