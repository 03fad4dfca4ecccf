import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { I18n } from '../../shared/i18n/i18n';
import { settle } from '../../shared/testing/settle';
import { task } from '../testing/fixtures';
import { CompleteDialog } from './complete-dialog';
import { provideLocaleDates } from '../../shared/time/locale-dates';

describe('CompleteDialog («Выполнение задачи»)', () => {
  let fixture: ComponentFixture<CompleteDialog>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let closed: unknown[];
  const done = task('t1', { dueAt: '2026-11-27T11:30:00Z', version: 5 });

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T08:00:00Z')); // Friday 11:00 Moscow
    closed = [];
    TestBed.configureTestingModule({
      imports: [CompleteDialog],
      providers: [
        provideZonelessChangeDetection(),
        provideLocaleDates(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: { task: done } },
        { provide: MatDialogRef, useValue: { close: (value: unknown) => closed.push(value) } },
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CompleteDialog);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.match('/api/tasks/types').forEach((r) => r.flush([]));
    http.match('/api/identity/users').forEach((r) => r.flush([]));
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  function openTasksOnDeal(openCount: number): void {
    const request = http.expectOne((r) => r.url === '/api/tasks/summary');
    expect(request.request.params.get('dealIds')).toBe('d1');
    request.flush(
      openCount ? [{ dealId: 'd1', openCount, nextDueAt: done.dueAt, overdue: false }] : [],
    );
  }

  function fill(selector: string, value: string): void {
    const input = element.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  const submit = () => element.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  const button = (text: string) =>
    [...element.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent?.trim() === text,
    )!;

  it('requires the result: nothing is sent without it', async () => {
    openTasksOnDeal(2);
    fill('textarea[formcontrolname=text]', 'Отправить КП');
    submit();
    await settle(fixture);
    expect(http.match((r) => r.url.endsWith('/complete'))).toHaveLength(0);
    expect(element.textContent).toContain('Заполните поле');
    expect(closed).toEqual([]);
  });

  it('sends the result and the next task (prefilled: same type, next working day, same hour)', async () => {
    openTasksOnDeal(2);
    await settle(fixture);
    fill('textarea[formcontrolname=result]', ' Договорились о встрече ');
    fill('textarea[formcontrolname=text]', 'Встреча у клиента');
    submit();
    await settle(fixture);

    const request = http.expectOne('/api/tasks/t1/complete');
    expect(request.request.body).toEqual({
      result: 'Договорились о встрече',
      version: 5,
      next: {
        typeId: done.typeId,
        text: 'Встреча у клиента',
        allDay: false,
        // Monday 30 November, 14:30 Moscow (the done task's hour).
        dueAt: '2026-11-30T11:30:00.000Z',
        durationMinutes: null,
        responsibleId: 'u1',
      },
    });
    const answer = {
      task: { ...done, status: 'completed' },
      next: task('t2'),
      dealLeftWithoutTasks: false,
    };
    request.flush(answer);
    await settle(fixture);
    expect(closed).toEqual([answer]);
  });

  it('shows the next task’s day and time in Russian and reads them as typed, on the user’s clock', async () => {
    openTasksOnDeal(2);
    await settle(fixture);
    const date = element.querySelector<HTMLInputElement>('input[formcontrolname=date]')!;
    const time = element.querySelector<HTMLInputElement>('input[formcontrolname=time]')!;
    expect(date.value).toBe('30.11.2026');
    expect(time.value).toBe('14:30');

    fill('input[formcontrolname=date]', '1.12.26');
    fill('input[formcontrolname=time]', '9.30');
    date.dispatchEvent(new Event('blur'));
    time.dispatchEvent(new Event('blur'));
    await settle(fixture);
    expect(date.value).toBe('01.12.2026');
    expect(time.value).toBe('09:30');
    fill('textarea[formcontrolname=result]', 'Договорились');
    fill('textarea[formcontrolname=text]', 'Позвонить');
    submit();
    await settle(fixture);

    const request = http.expectOne('/api/tasks/t1/complete');
    // 09:30 in Moscow.
    expect(request.request.body.next.dueAt).toBe('2026-12-01T06:30:00.000Z');
    request.flush({
      task: { ...done, status: 'completed' },
      next: task('t2'),
      dealLeftWithoutTasks: false,
    });
    await settle(fixture);
  });

  it('says how to write a date that cannot be read, and sends nothing', async () => {
    openTasksOnDeal(2);
    await settle(fixture);
    fill('textarea[formcontrolname=result]', 'Договорились');
    fill('textarea[formcontrolname=text]', 'Позвонить');
    fill('input[formcontrolname=date]', '31.02.2026');
    await settle(fixture);
    submit();
    await settle(fixture);
    expect(http.match((r) => r.url.endsWith('/complete'))).toHaveLength(0);
    expect(element.textContent).toContain('Введите дату, например 07.12.2026');
  });

  it('warns before completing the deal’s last open task without a next one', async () => {
    openTasksOnDeal(1);
    await settle(fixture);
    fill('textarea[formcontrolname=result]', 'Клиент отказался');
    element.querySelector<HTMLInputElement>('mat-checkbox.plan input')!.click();
    await settle(fixture);
    submit();
    await settle(fixture);

    expect(http.match((r) => r.url.endsWith('/complete'))).toHaveLength(0);
    expect(element.querySelector('[role=alert]')?.textContent).toContain(
      'последняя открытая задача',
    );

    button('Всё равно выполнить').click();
    await settle(fixture);
    const request = http.expectOne('/api/tasks/t1/complete');
    expect(request.request.body).toEqual({ result: 'Клиент отказался', version: 5 });
    request.flush({ task: done, next: null, dealLeftWithoutTasks: true });
    await settle(fixture);
    expect(closed).toHaveLength(1);
  });

  it('does not warn when the deal has other open tasks', async () => {
    openTasksOnDeal(3);
    await settle(fixture);
    fill('textarea[formcontrolname=result]', 'Сделано');
    element.querySelector<HTMLInputElement>('mat-checkbox.plan input')!.click();
    await settle(fixture);
    submit();
    await settle(fixture);
    http
      .expectOne('/api/tasks/t1/complete')
      .flush({ task: done, next: null, dealLeftWithoutTasks: false });
    await settle(fixture);
    expect(closed).toHaveLength(1);
  });

  it('puts the server’s field errors on the fields', async () => {
    openTasksOnDeal(2);
    await settle(fixture);
    fill('textarea[formcontrolname=result]', 'Готово');
    fill('textarea[formcontrolname=text]', 'Дальше');
    submit();
    await settle(fixture);
    http
      .expectOne('/api/tasks/t1/complete')
      .flush(
        { title: 'Bad', status: 400, errors: { 'next.text': ['Слишком длинно'] } },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle(fixture);
    expect(element.textContent).toContain('Слишком длинно');
    expect(closed).toEqual([]);
  });
});
