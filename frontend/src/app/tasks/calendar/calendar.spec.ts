import { LiveAnnouncer } from '@angular/cdk/a11y';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { LIVE_REFRESH_MS } from '../data-access/live-tasks';
import { Task } from '../data-access/models';
import { task } from '../testing/fixtures';
import { TasksCalendar } from './calendar';

describe('TasksCalendar', () => {
  let fixture: ComponentFixture<TasksCalendar>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let announced: string[];

  const range = () =>
    http.expectOne((r) => r.url === '/api/tasks' && r.params.get('view') === 'range');
  const chip = (id: string) => element.querySelector<HTMLButtonElement>(`[data-task-id="${id}"]`);
  const dayOf = (id: string) => chip(id)?.closest('section')?.getAttribute('data-day');
  const press = (target: HTMLElement, key: string) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, altKey: true, bubbles: true }));
  // Thursday 26 November 2026, 15:00 in Moscow.
  const call = task('t1', { text: 'Перезвонить', dueAt: '2026-11-26T12:00:00Z', version: 3 });

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T09:00:00Z')); // Wednesday
    TestBed.configureTestingModule({
      imports: [TasksCalendar],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideFakeCrmHub(),
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    announced = [];
    vi.spyOn(TestBed.inject(LiveAnnouncer), 'announce').mockImplementation(async (message) => {
      announced.push(String(message));
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TasksCalendar);
    element = fixture.nativeElement;
    document.body.appendChild(element);
    await fixture.whenStable();
    const first = range();
    expect(first.request.params.get('from')).toBe('2026-11-22T21:00:00.000Z'); // Mon 00:00 MSK
    first.flush({ items: [call], nextCursor: null });
    await settle(fixture, { rounds: 4 });
  });

  afterEach(() => {
    http.verify();
    element.remove();
  });

  /** The PUT of a keyboard move, answered with the saved task. */
  async function saved(expected: Partial<Task>, answer: Partial<Task>): Promise<void> {
    const put = http.expectOne({ method: 'PUT', url: '/api/tasks/t1' });
    expect(put.request.body).toMatchObject(expected);
    put.flush({ ...call, ...answer });
    await settle(fixture, { rounds: 4 });
  }

  it('Alt+→ moves the focused task to the next day keeping its time; announced, focus kept', async () => {
    expect(dayOf('t1')).toBe('2026-11-26');
    expect(chip('t1')!.getAttribute('aria-keyshortcuts')).toContain('Alt+ArrowUp');
    chip('t1')!.focus();
    press(chip('t1')!, 'ArrowRight');
    await settle(fixture, { rounds: 4 });
    // Shown on Friday at once.
    expect(dayOf('t1')).toBe('2026-11-27');
    await saved(
      { dueAt: '2026-11-27T12:00:00.000Z', version: 3, text: 'Перезвонить' },
      { dueAt: '2026-11-27T12:00:00.000Z', version: 4 },
    );
    expect(dayOf('t1')).toBe('2026-11-27');
    expect(document.activeElement).toBe(chip('t1'));
    expect(announced).toEqual(['Задача «Перезвонить» перенесена: пятница, 27 ноября, 15:00']);
  });

  it('Alt+↓ moves it 30 minutes later, Alt+← back a day; a refusal puts it back', async () => {
    chip('t1')!.focus();
    press(chip('t1')!, 'ArrowDown');
    await settle(fixture, { rounds: 4 });
    await saved(
      { dueAt: '2026-11-26T12:30:00.000Z' },
      { dueAt: '2026-11-26T12:30:00.000Z', version: 4 },
    );
    expect(chip('t1')!.querySelector('.time')!.textContent).toBe('15:30');
    expect(document.activeElement).toBe(chip('t1'));

    press(chip('t1')!, 'ArrowLeft');
    await settle(fixture, { rounds: 4 });
    expect(dayOf('t1')).toBe('2026-11-25');
    http
      .expectOne({ method: 'PUT', url: '/api/tasks/t1' })
      .flush(
        { title: 'Конфликт', status: 409, detail: 'Задачу уже изменил кто-то другой.' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle(fixture, { rounds: 4 });
    expect(dayOf('t1')).toBe('2026-11-26');
    expect(document.activeElement).toBe(chip('t1'));
    expect(announced).toHaveLength(1);
  });

  it('follows a task moved out of the week to the next one', async () => {
    const sunday = task('t1', { ...call, dueAt: '2026-11-29T12:00:00Z' });
    // A live change re-reads the view.
    (TestBed.inject(CrmHub) as unknown as FakeCrmHub).emit('taskChanged', {
      taskId: 't1',
      change: 'rescheduled',
      responsibleId: 'u1',
      previousResponsibleId: null,
      link: null,
      dueAt: sunday.dueAt,
    });
    await new Promise((resolve) => setTimeout(resolve, LIVE_REFRESH_MS + 50));
    range().flush({ items: [sunday], nextCursor: null });
    await settle(fixture, { rounds: 4 });
    expect(dayOf('t1')).toBe('2026-11-29');

    chip('t1')!.focus();
    press(chip('t1')!, 'ArrowRight');
    await settle(fixture, { rounds: 4 });
    // The view moved to the week of Monday 30 November and asks for it.
    const next = range();
    expect(next.request.params.get('from')).toBe('2026-11-29T21:00:00.000Z');
    const put = http.expectOne({ method: 'PUT', url: '/api/tasks/t1' });
    expect(put.request.body.dueAt).toBe('2026-11-30T12:00:00.000Z');
    put.flush({ ...sunday, dueAt: '2026-11-30T12:00:00.000Z', version: 4 });
    next.flush({
      items: [{ ...sunday, dueAt: '2026-11-30T12:00:00.000Z', version: 4 }],
      nextCursor: null,
    });
    await settle(fixture, { rounds: 4 });
    expect(dayOf('t1')).toBe('2026-11-30');
    expect(document.activeElement).toBe(chip('t1'));
  });
});
