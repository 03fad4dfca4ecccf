import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { me, signedInAs } from '../../identity/testing/session';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { LIVE_REFRESH_MS } from '../data-access/live-tasks';
import { Task, TaskChanged } from '../data-access/models';
import { TaskActions } from '../task-actions';
import { task } from '../testing/fixtures';
import { RecordTasks } from './record-tasks';

describe('RecordTasks (a card’s «Задачи»)', () => {
  let fixture: ComponentFixture<RecordTasks>;
  let http: HttpTestingController;
  let hub: FakeCrmHub;
  let element: HTMLElement;

  const linked = (state: 'open' | 'completed') =>
    http.expectOne(
      (r) =>
        r.url === '/api/tasks/linked' &&
        r.params.get('linkKind') === 'company' &&
        r.params.get('linkId') === 'c1' &&
        r.params.get('state') === state,
    );
  const page = (items: Task[], nextCursor: string | null = null) => ({ items, nextCursor });
  const texts = (selector: string) =>
    [...element.querySelectorAll(`${selector} app-task-item .text`)].map((e) =>
      e.textContent?.trim(),
    );
  const button = (label: string) =>
    [...element.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      b.textContent?.includes(label),
    );
  const link = { kind: 'company' as const, id: 'c1', name: 'ООО Ромашка' };
  const onCompany = { link };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [RecordTasks],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideFakeCrmHub(),
        signedInAs(me('u1', 'Manager')),
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    http = TestBed.inject(HttpTestingController);
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    fixture = TestBed.createComponent(RecordTasks);
    fixture.componentRef.setInput('link', link);
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('reads the record’s open tasks from /api/tasks/linked, pages on «Показать ещё»', async () => {
    const first = linked('open');
    expect(first.request.params.get('limit')).toBe('50');
    expect(first.request.params.has('after')).toBe(false);
    first.flush(page([task('a', { text: 'Позвонить', ...onCompany })], 'cursor-1'));
    await settle(fixture);
    expect(texts('[role=list]:not(.completed)')).toEqual(['Позвонить']);

    button('Показать ещё')!.click();
    const next = linked('open');
    expect(next.request.params.get('after')).toBe('cursor-1');
    next.flush(page([task('b', { text: 'Встреча', ...onCompany })]));
    await settle(fixture);
    expect(texts('[role=list]:not(.completed)')).toEqual(['Позвонить', 'Встреча']);
    expect(button('Показать ещё')).toBeUndefined();
  });

  it('warns on an open deal without tasks, but not on a To-Do job: a job needs none', async () => {
    const onDeal = { kind: 'deal' as const, id: 'd1', name: 'Поставка труб' };
    const linkedTo = () =>
      http.expectOne((r) => r.url === '/api/tasks/linked' && r.params.get('linkId') === 'd1');
    linked('open').flush(page([]));
    fixture.componentRef.setInput('link', onDeal);
    await settle(fixture);
    linkedTo().flush(page([]));
    await settle(fixture);
    expect(element.querySelector('.warning')?.textContent).toContain(
      'У сделки нет задач — запланируйте следующее действие.',
    );

    fixture.componentRef.setInput('job', true);
    await settle(fixture);
    expect(element.querySelector('.warning')).toBeNull();
    expect(element.textContent).not.toContain('У сделки нет задач');
    expect(element.querySelector('.none')?.textContent).toContain(
      'Задач нет: у задания свой крайний срок.',
    );
  });

  it('offers «Выполнить» and the menu only on tasks the user set or holds (a manager here)', async () => {
    linked('open').flush(
      page([
        task('mine', { text: 'Мой звонок', ...onCompany }),
        task('set', { text: 'Поручил коллеге', responsibleId: 'u7', ...onCompany }),
        task('theirs', {
          text: 'Чужая встреча',
          authorId: 'u7',
          responsibleId: 'u7',
          ...onCompany,
        }),
      ]),
    );
    await settle(fixture);
    const row = (text: string) =>
      [...element.querySelectorAll('app-task-item')].find((r) => r.textContent?.includes(text))!;
    expect(row('Мой звонок').querySelector('button.complete')).toBeTruthy();
    expect(row('Поручил коллеге').querySelector('button.complete')).toBeTruthy();
    expect(row('Чужая встреча').querySelector('button.complete')).toBeNull();
    expect(row('Чужая встреча').querySelector('button[aria-haspopup]')).toBeNull();
  });

  it('shows completed tasks on request, last done first, a page at a time', async () => {
    linked('open').flush(page([]));
    await settle(fixture);
    expect(element.textContent).toContain('Открытых задач нет.');

    const toggle = button('Показать выполненные')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    const first = linked('completed');
    expect(first.request.params.get('limit')).toBe('10');
    const done = (id: string, text: string) =>
      task(id, { text, status: 'completed', result: 'Готово', ...onCompany });
    first.flush(page([done('z', 'Последняя'), done('y', 'Предпоследняя')], 'cursor-c'));
    await settle(fixture);
    expect(texts('.completed')).toEqual(['Последняя', 'Предпоследняя']);
    expect(button('Скрыть выполненные')!.getAttribute('aria-expanded')).toBe('true');

    button('Показать ещё')!.click();
    const more = linked('completed');
    expect(more.request.params.get('after')).toBe('cursor-c');
    more.flush(page([done('x', 'Давняя')]));
    await settle(fixture);
    expect(texts('.completed')).toEqual(['Последняя', 'Предпоследняя', 'Давняя']);
  });

  it('re-reads live when a change concerns this record or a task shown, and not otherwise', async () => {
    vi.useFakeTimers();
    linked('open').flush(page([task('a', { text: 'Позвонить', ...onCompany })]));
    await vi.runAllTimersAsync();
    expect(hub.topics.get('tasks')).toBe(1);
    const message = (overrides: Partial<TaskChanged>): TaskChanged => ({
      taskId: 'n1',
      change: 'created',
      responsibleId: 'u2',
      previousResponsibleId: null,
      link: { kind: 'deal', id: 'd9' },
      dueAt: '2026-11-27T12:00:00Z',
      ...overrides,
    });

    hub.emit('taskChanged', message({}));
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2);
    http.expectNone((r) => r.url === '/api/tasks/linked');

    hub.emit('taskChanged', message({ link: { kind: 'company', id: 'c1' } }));
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
    linked('open').flush(
      page([
        task('a', { text: 'Позвонить', ...onCompany }),
        task('n1', { text: 'Новая от коллеги', ...onCompany }),
      ]),
    );
    await vi.runAllTimersAsync();
    expect(texts('[role=list]')).toEqual(['Позвонить', 'Новая от коллеги']);

    // Moved to another record: the message names the new link, but the task is shown here.
    hub.emit('taskChanged', message({ taskId: 'a', change: 'updated' }));
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
    linked('open').flush(page([task('n1', { text: 'Новая от коллеги', ...onCompany })]));
    await vi.runAllTimersAsync();
    expect(texts('[role=list]')).toEqual(['Новая от коллеги']);
  });

  it('moves a task completed here into the completed list and out of the open one', async () => {
    linked('open').flush(page([task('a', { text: 'Позвонить', ...onCompany })]));
    await settle(fixture);
    button('Показать выполненные')!.click();
    linked('completed').flush(page([]));
    await settle(fixture);

    const actions = TestBed.inject(TaskActions);
    actions.changes.next({
      saved: task('a', { text: 'Позвонить', status: 'completed', result: 'Ок', ...onCompany }),
    });
    actions.changes.next({ saved: task('b', { text: 'Чужая', link: null }) });
    await settle(fixture);
    expect(texts('[role=list]:not(.completed)')).toEqual([]);
    expect(texts('.completed')).toEqual(['Позвонить']);
  });
});
