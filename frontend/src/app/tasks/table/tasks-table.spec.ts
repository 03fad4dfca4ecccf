import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { Task, TaskTablePage } from '../data-access/models';
import { TaskActions } from '../task-actions';
import { task } from '../testing/fixtures';
import { TasksTable } from './tasks-table';
import { readyOf } from './ready-filters';

const page = (items: Task[], nextCursor: string | null = null): TaskTablePage => ({
  items,
  nextCursor,
  total: items.length,
});

/** «Список» of the organizer: the view in the URL is what the server is asked for. */
describe('TasksTable: the tasks table «Список»', () => {
  let http: HttpTestingController;
  let router: Router;
  let fixture: ComponentFixture<TasksTable>;
  const completed: Task[] = [];
  const changes = new Subject<unknown>();

  async function open(url: string): Promise<void> {
    completed.length = 0;
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
            changes,
            create: async () => undefined,
            edit: async () => undefined,
            complete: async (t: Task) => {
              completed.push(t);
              return {
                task: { ...t, status: 'completed' },
                next: null,
                dealLeftWithoutTasks: false,
              };
            },
          },
        },
      ],
    });
    TestBed.inject(I18n).use('ru');
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    fixture = TestBed.createComponent(TasksTable);
    fixture.detectChanges();
    http.match('/api/identity/users').forEach((r) => r.flush([]));
    http.match('/api/tasks/types').forEach((r) => r.flush([]));
    // never chosen: the defaults serve
    http.match('/api/tasks/table-columns/tasks').forEach((r) => r.flush({ columns: null }));
  }

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  const tableRequest = () =>
    vi.waitFor(() => {
      const found = http.match((r) => r.url === '/api/tasks' && !r.params.has('after'));
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

  it('asks the server for the view in the URL: ready filter, sort, filters, and shows the chosen columns', async () => {
    await open('/tasks/list?ready=overdue&sort=-completed&f.link=in:deal&cols=text,due');
    const request = await tableRequest();
    expect(params(request)).toEqual({
      ready: 'overdue',
      sort: '-completed',
      'f.link': 'in:deal',
      limit: '50',
    });
    request.flush(page([task('t1'), task('t2')]));
    await until(() => rows().length === 2);
    const headers = [...element().querySelectorAll('th[data-column]')].map((th) =>
      th.getAttribute('data-column'),
    );
    expect(headers).toEqual(['text', 'due']);
    expect(element().textContent).toContain('Найдено: 2');
  });

  it('sorts by due time without a sort in the URL (the table mode of GET /api/tasks), the default columns, the next page on demand', async () => {
    await open('/tasks/list');
    const first = await tableRequest();
    expect(params(first)).toEqual({ sort: 'due', limit: '50' });
    first.flush(page([task('t1')], 'c1'));
    await until(() => rows().length === 1);
    expect(element().querySelector('th[data-column="linkName"]')).not.toBeNull();
    expect(element().querySelector('a[href="/tasks/deal/d1"]')?.textContent).toContain(
      'Поставка станков',
    );
    [...element().querySelectorAll('button')]
      .find((b) => b.textContent?.includes('Показать ещё'))!
      .click();
    const next = await vi.waitFor(() => http.expectOne((r) => r.params.get('after') === 'c1'));
    next.flush({ ...page([task('t2')]), total: null });
    await until(() => rows().length === 2);
  });

  it('picks «Просроченные» in «Поиск и фильтр»: ready=overdue in the URL, the column filters cleared', async () => {
    await open('/tasks/list?f.text=~звон');
    (await tableRequest()).flush(page([task('t1')]));
    await until(() => rows().length === 1);
    element().querySelector<HTMLButtonElement>('[data-testid="search-panel-button"]')!.click();
    await until(() => !!document.querySelector('[data-testid="search-panel"]'));
    http.match('/api/tasks/saved-filters?table=tasks').forEach((r) => r.flush([]));
    const labels = [
      ...document.querySelectorAll<HTMLButtonElement>('[data-testid="search-panel"] .list button'),
    ].map((b) => b.textContent?.trim());
    expect(labels).toEqual(
      expect.arrayContaining(['Просроченные', 'На сегодня', 'Выполненные на этой неделе']),
    );
    [...document.querySelectorAll<HTMLButtonElement>('[data-testid="search-panel"] button')]
      .find((b) => b.textContent?.trim() === 'Просроченные')!
      .click();
    await vi.waitFor(() => expect(router.url).toBe('/tasks/list?ready=overdue'));
    expect(params(await tableRequest())).toEqual({ ready: 'overdue', sort: 'due', limit: '50' });
  });

  it('completes a task from its row and reads the view again; a done task has no button', async () => {
    await open('/tasks/list?ready=overdue');
    (await tableRequest()).flush(
      page([task('t1', { overdue: true }), task('t2', { status: 'completed', result: 'Да' })]),
    );
    await until(() => rows().length === 2);
    expect(element().querySelector('tr[data-id="t2"] [data-testid="complete-task"]')).toBeNull();
    element()
      .querySelector<HTMLButtonElement>('tr[data-id="t1"] [data-testid="complete-task"]')!
      .click();
    const again = await tableRequest();
    expect(completed.map((t) => t.id)).toEqual(['t1']);
    expect(params(again)['ready']).toBe('overdue');
    again.flush(page([]));
    await until(() => rows().length === 0);
    expect(element().textContent).toContain('Таких задач нет');
  });

  it('reads the view again when a task changes (live)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await open('/tasks/list?ready=today');
      (await tableRequest()).flush(page([task('t1')]));
      const hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
      expect(hub.topics.has('tasks')).toBe(true);
      hub.emit('taskChanged', { taskId: 'x', change: 'created', responsibleId: 'u2' });
      vi.advanceTimersByTime(1000);
      expect(params(await tableRequest())['ready']).toBe('today');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the tasks table’s ready filters', () => {
  it('are the server’s words; «Все задачи» and unknown words are none', () => {
    expect(readyOf('overdue')).toBe('overdue');
    expect(readyOf('done-this-week')).toBe('done-this-week');
    expect(readyOf('all')).toBeNull();
    expect(readyOf('tomorrow')).toBeNull();
    expect(readyOf(null)).toBeNull();
  });
});
