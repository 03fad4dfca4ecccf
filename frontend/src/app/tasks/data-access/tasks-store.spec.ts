import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../../shared/i18n/i18n';
import { task } from '../testing/fixtures';
import { TasksStore } from './tasks-store';

describe('TasksStore', () => {
  let store: InstanceType<typeof TasksStore>;
  let http: HttpTestingController;

  const page = (...items: ReturnType<typeof task>[]) => ({ items, nextCursor: null });

  async function load(
    overdue: ReturnType<typeof task>[],
    week: ReturnType<typeof task>[],
    later: ReturnType<typeof task>[] = [],
  ) {
    const loading = store.load();
    http.expectOne((r) => r.params.get('view') === 'overdue').flush(page(...overdue));
    http.expectOne((r) => r.params.get('view') === 'week').flush(page(...week));
    http.expectOne((r) => r.params.get('view') === 'range').flush(page(...later));
    await loading;
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T22:00:00Z')); // Fri 01:00 in Moscow
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    store = TestBed.inject(TasksStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('asks overdue, this week and the later range with the filters, and groups by day', async () => {
    const loading = store.setFilter({ responsibleId: 'u1', typeId: 'call' });
    const requests = http.match((r) => r.url === '/api/tasks');
    expect(requests.map((r) => r.request.params.get('view'))).toEqual(['overdue', 'week', 'range']);
    for (const request of requests) {
      expect(request.request.params.get('responsibleId')).toBe('u1');
      expect(request.request.params.get('typeId')).toBe('call');
    }
    // "Later" starts next Monday 00:00 Moscow time.
    expect(requests[2].request.params.get('from')).toBe('2026-11-29T21:00:00.000Z');
    requests[0].flush(page(task('late', { dueAt: '2026-11-25T10:00:00Z' })));
    requests[1].flush(
      page(
        task('today', { dueAt: '2026-11-27T20:30:00Z' }),
        task('sat', { dueAt: '2026-11-28T09:00:00Z' }),
      ),
    );
    requests[2].flush(page(task('dec', { dueAt: '2026-12-02T09:00:00Z' })));
    await loading;

    expect(store.loaded()).toBe(true);
    expect(
      Object.fromEntries(store.groups().map((g) => [g.key, g.items.map((t) => t.id)])),
    ).toEqual({ overdue: ['late'], today: ['today'], tomorrow: ['sat'], week: [], later: ['dec'] });
  });

  it('completes with the version and the next task; the done one leaves, the next one arrives', async () => {
    const first = task('t1', { dueAt: '2026-11-27T09:00:00Z', version: 3 });
    await load([], [first]);

    const completing = store.complete(first, {
      result: 'Договорились о встрече',
      next: { typeId: 'meeting', text: 'Встреча', dueAt: '2026-11-30T09:00:00Z' },
    });
    const request = http.expectOne('/api/tasks/t1/complete');
    expect(request.request.body).toEqual({
      result: 'Договорились о встрече',
      version: 3,
      next: { typeId: 'meeting', text: 'Встреча', dueAt: '2026-11-30T09:00:00Z' },
    });
    const next = task('t2', { dueAt: '2026-11-30T09:00:00Z' });
    request.flush({
      task: { ...first, status: 'completed', result: 'Договорились о встрече', version: 4 },
      next,
      dealLeftWithoutTasks: false,
    });
    const answer = await completing;

    expect(answer.next?.id).toBe('t2');
    expect(store.tasks().map((t) => t.id)).toEqual(['t2']);
    expect(
      store
        .groups()
        .find((g) => g.key === 'later')
        ?.items.map((t) => t.id),
    ).toEqual(['t2']);
  });

  it('keeps a saved task out of a list filtered to someone else', async () => {
    const filtering = store.setFilter({ responsibleId: 'u1' });
    for (const r of http.match((r) => r.url === '/api/tasks')) {
      r.flush(page());
    }
    await filtering;
    store.upsert(task('mine'));
    store.upsert(task('theirs', { responsibleId: 'u2' }));
    expect(store.tasks().map((t) => t.id)).toEqual(['mine']);
  });

  it('shows the server’s problem when the list cannot load', async () => {
    const loading = store.load();
    http
      .expectOne((r) => r.params.get('view') === 'overdue')
      .flush({ title: 'Boom' }, { status: 500, statusText: 'Server Error' });
    http.match((r) => r.url === '/api/tasks').forEach((r) => r.flush(page()));
    await loading;
    expect(store.error()).toBeTruthy();
  });
});
