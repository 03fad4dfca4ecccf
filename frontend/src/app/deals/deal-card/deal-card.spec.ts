import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { me, signedInAs } from '../../identity/testing/session';
import { Pipeline } from '../../pipelines';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { task } from '../../tasks/testing/fixtures';
import { TaskActions } from '../../tasks';
import { dealers, deal } from '../testing/fixtures';
import { DealStore } from '../data-access/deal-store';
import { DealCard } from './deal-card';
import { provideLocaleDates } from '../../shared/time/locale-dates';

@Component({ template: '' })
class Blank {}

describe('DealCard', () => {
  let fixture: ComponentFixture<DealCard>;
  let http: HttpTestingController;
  let element: HTMLElement;

  function flushLoad(version: number, overrides = {}): void {
    http
      .expectOne({ method: 'GET', url: '/api/deals/d1' })
      .flush(deal('d1', 's1', { version, ...overrides }));
    http.expectOne('/api/deals/custom-fields').flush([]);
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [DealCard],
      providers: [
        provideZonelessChangeDetection(),
        provideLocaleDates(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        provideFakeCrmHub(),
        signedInAs(me('u1', 'Manager')),
        // a confirm dialog closes at once, without waiting for an animation jsdom never ends
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DealCard);
    fixture.componentRef.setInput('id', 'd1');
    element = fixture.nativeElement;
    await fixture.whenStable();

    http.expectOne('/api/identity/users').flush([
      {
        id: 'u1',
        email: 'a@crm.local',
        displayName: 'Анна Петрова',
        role: 'Manager',
        isActive: true,
        createdAt: '2026-01-01T00:00:00Z',
        version: 1,
      },
      {
        id: 'u2',
        email: 'b@crm.local',
        displayName: 'Борис Смирнов',
        role: 'Manager',
        isActive: true,
        createdAt: '2026-01-01T00:00:00Z',
        version: 1,
      },
    ]);
    http.expectOne((r) => r.url === '/api/pipelines').flush([dealers]);
    flushLoad(3);
    await settle(fixture);
  });

  /** The right half's «Задачи» ask Tasks for the deal's open ones (none here). */
  const flushTasks = () =>
    http
      .match(
        (r) =>
          r.url === '/api/tasks/linked' &&
          r.params.get('linkKind') === 'deal' &&
          r.params.get('linkId') === 'd1',
      )
      .forEach((r) => r.flush({ items: [], nextCursor: null }));

  /**
   * The card never asks Inbox for the request the deal came from: «Лента»'s `request.accepted`
   * entry tells what the client sent (and a deal made by hand would get a 404 on every open).
   */
  const askedNoRequest = () => http.expectNone((r) => r.url.startsWith('/api/inbox/requests'));

  /** «Лента» asks Messaging for the deal's feed: empty unless a test says otherwise. */
  const flushFeed = () =>
    http
      .match((r) => r.url === '/api/messaging/feed/deal/d1')
      .forEach((r) => r.flush({ items: [], nextCursor: null, pinned: [], names: {} }));

  /** «Теги» asks the deals' catalog as the picker opens: empty here. */
  const flushTags = () =>
    http.match((r) => r.url === '/api/deals/tags').forEach((r) => r.flush([]));

  afterEach(() => {
    flushTasks();
    askedNoRequest();
    flushFeed();
    flushTags();
    http.verify();
  });

  it('shows the deal’s «Лента» (Messaging’s feed), watching it live', async () => {
    http.expectOne('/api/messaging/feed/deal/d1').flush({
      items: [
        {
          id: 'e1',
          version: 1,
          subjectKind: 'deal',
          subjectId: 'd1',
          kind: 'system',
          type: 'deal.lost',
          authorId: 'u1',
          text: null,
          data: { stageId: 's9', reason: 'Дорого' },
          mentions: null,
          occurredAt: '2026-03-01T10:00:00Z',
          editedAt: null,
          pinnedAt: null,
          pinnedBy: null,
        },
      ],
      nextCursor: null,
      pinned: [],
      names: { u1: 'Анна Петрова' },
    });
    await settle(fixture);
    expect(element.querySelector('app-feed')?.textContent).toContain('Сделка проиграна: Дорого');
    const hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    expect(hub.topics.has('feed:deal:d1')).toBe(true);
  });

  it('warns in «Задачи» when the open deal has no task, with «Добавить задачу»', async () => {
    flushTasks();
    await settle(fixture);
    expect(element.querySelector('app-record-tasks')?.textContent).toContain('У сделки нет задач');
    const add = [...element.querySelectorAll('app-record-tasks button')].find((b) =>
      b.textContent?.includes('Добавить задачу'),
    );
    expect(add).toBeTruthy();
  });

  const input = (label: string) => {
    const formField = [...element.querySelectorAll('mat-form-field')].find(
      (f) => f.querySelector('mat-label')?.textContent?.trim() === label,
    );
    return formField!.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
  };

  it('shows the fields on the left with «Бюджет» and «Цель переговоров» marked while empty, and the story only in «Лента»', () => {
    expect((element.querySelector('#deal-name') as HTMLInputElement).value).toBe('Сделка d1');
    expect(input('Бюджет').closest('mat-form-field')!.classList).not.toContain('wanted');
    expect(input('Цель переговоров').closest('mat-form-field')!.classList).toContain('wanted');
    expect(element.querySelector('.feed h2')?.textContent).toContain('Лента');
    expect(element.querySelector('app-feed')).not.toBeNull();
    // One place for the deal's story: the feed tells every stage change; no history block beside it.
    expect(element.textContent).not.toContain('История этапов');
    http.expectNone('/api/deals/d1/history');
  });

  it('sends the version it read; a 409 says someone else changed it and reloads on request', async () => {
    const goal = input('Цель переговоров');
    goal.value = 'Поставка 20 т в апреле';
    goal.dispatchEvent(new Event('input'));
    await settle(fixture);
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);

    const save = http.expectOne({ method: 'PUT', url: '/api/deals/d1' });
    expect(save.request.body).toMatchObject({
      goal: 'Поставка 20 т в апреле',
      budget: 1000,
      version: 3,
    });
    save.flush(
      { title: 'Conflict', detail: 'Сделку изменили', status: 409 },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);

    const alert = element.querySelector('.conflict');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain('Сделку только что изменил кто-то другой');

    alert!.querySelector('button')!.click();
    await settle(fixture);
    flushLoad(4, { goal: 'Чужая цель' });
    await settle(fixture);

    expect(element.querySelector('.conflict')).toBeNull();
    expect(input('Цель переговоров').value).toBe('Чужая цель');
  });

  it('shows «Бюджет» grouped in the app’s language and reads an amount typed with spaces and a comma', async () => {
    const budget = input('Бюджет');
    expect(budget.value).toBe('1\u00a0000');
    budget.value = '250 000,50';
    budget.dispatchEvent(new Event('input'));
    budget.dispatchEvent(new Event('blur'));
    await settle(fixture);
    expect(budget.value).toBe('250\u00a0000,50');
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);

    const save = http.expectOne({ method: 'PUT', url: '/api/deals/d1' });
    expect(save.request.body).toMatchObject({ budget: 250000.5, version: 3 });
    save.flush(deal('d1', 's1', { budget: 250000.5, version: 4 }));
    await settle(fixture);
    expect(element.querySelector('.number')?.textContent).toContain('250\u00a0000,50\u00a0₽');

    TestBed.inject(I18n).use('en');
    await settle(fixture);
    expect(budget.value).toBe('250,000.50');
  });

  it('says what is wrong with a budget that is no amount, and sends nothing', async () => {
    const budget = input('Бюджет');
    budget.value = '25 тыс';
    budget.dispatchEvent(new Event('input'));
    budget.dispatchEvent(new Event('blur'));
    await settle(fixture);
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);

    http.expectNone({ method: 'PUT', url: '/api/deals/d1' });
    expect(budget.value).toBe('25 тыс');
    expect(budget.closest('mat-form-field')!.textContent).toContain(
      'Введите сумму цифрами, например 250 000,50',
    );
  });

  const note = () => element.querySelector('[data-testid=read-only-note]');

  it('handed to a colleague, the card turns read-only at once and says why in a line', async () => {
    expect(note()).toBeNull();
    expect(input('Бюджет').disabled).toBe(false);

    const assigning = fixture.debugElement.injector.get(DealStore).assign('u2');
    const assign = http.expectOne({ method: 'POST', url: '/api/deals/d1/assign' });
    expect(assign.request.body).toEqual({ responsibleId: 'u2', version: 3 });
    assign.flush(deal('d1', 's1', { responsibleId: 'u2', version: 4 }));
    await assigning;
    await settle(fixture);

    expect(note()?.getAttribute('role')).toBe('status');
    expect(note()?.textContent).toContain('Только просмотр: сделку ведёт Борис Смирнов.');
    expect(note()?.getAttribute('title')).toBe(
      'Изменять сделку может ответственный, руководитель отдела продаж или администратор.',
    );
    // Nothing asks to be filled in that the user may not fill.
    expect(element.querySelector('.wanted')).toBeNull();
    expect(input('Бюджет').disabled).toBe(true);
    expect(input('Цель переговоров').disabled).toBe(true);
    expect(element.querySelector<HTMLInputElement>('#deal-name')!.disabled).toBe(true);
    expect(element.querySelector('button.won')).toBeNull();
    expect(element.querySelector('button.lost')).toBeNull();
    for (const select of element.querySelectorAll('mat-select')) {
      expect(select.getAttribute('aria-disabled')).toBe('true');
    }
    expect(element.querySelector('app-deal-parties .add-contact')).toBeNull();
    expect(element.querySelector('app-deal-parties app-directory-picker')).toBeNull();
  });

  it('a save refused with 403 is said once, under the form (no snackbar too), and the card reads the deal again', async () => {
    const goal = input('Цель переговоров');
    goal.value = 'Поставка 20 т в апреле';
    goal.dispatchEvent(new Event('input'));
    await settle(fixture);
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
    http
      .expectOne({ method: 'PUT', url: '/api/deals/d1' })
      .flush(
        { title: 'Forbidden', detail: 'Менеджер может менять только свои сделки', status: 403 },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle(fixture);

    const said = () =>
      document.body.textContent!.split('Менеджер может менять только свои сделки').length - 1;
    expect(said()).toBe(1);
    expect(document.querySelector('mat-snack-bar-container')).toBeNull();

    // Someone gave the deal to Борис meanwhile: read again, the card says so instead.
    flushLoad(4, { responsibleId: 'u2' });
    await settle(fixture);
    expect(note()?.textContent).toContain('сделку ведёт Борис Смирнов');
    expect(said()).toBe(0);
    expect(input('Цель переговоров').disabled).toBe(true);
  });

  it('offers only listed currencies, roubles first, and saves the one chosen with the budget', async () => {
    const select = element.querySelector<HTMLSelectElement>('select[formcontrolname="currency"]')!;
    const codes = [...select.options].map((o) => o.value);
    expect(codes[0]).toBe('RUB');
    expect(codes).toEqual(expect.arrayContaining(['USD', 'EUR', 'CNY', 'KZT']));
    expect(select.value).toBe('RUB');
    expect(select.options[1].textContent).toBe('USD — доллар США');

    select.value = 'USD';
    select.dispatchEvent(new Event('change'));
    await settle(fixture);
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);

    const save = http.expectOne({ method: 'PUT', url: '/api/deals/d1' });
    expect(save.request.body).toMatchObject({ budget: 1000, currency: 'USD', version: 3 });
    save.flush(deal('d1', 's1', { currency: 'USD', version: 4 }));
    await settle(fixture);
    expect(select.value).toBe('USD');
  });

  it('keeps showing a currency set through the API that the list does not offer', async () => {
    const reloading = fixture.debugElement.injector.get(DealStore).reload();
    flushLoad(4, { currency: 'XOF' });
    await settle(fixture);
    await reloading;
    await settle(fixture);

    const select = element.querySelector<HTMLSelectElement>('select[formcontrolname="currency"]')!;
    const codes = [...select.options].map((o) => o.value);
    expect(codes[0]).toBe('RUB');
    expect(codes.at(-1)).toBe('XOF');
    expect(select.value).toBe('XOF');
  });

  it('saves «Название» on Enter with the current version', async () => {
    const name = element.querySelector<HTMLInputElement>('#deal-name')!;
    name.focus();
    name.value = 'Поставка труб';
    name.dispatchEvent(new Event('input'));
    name.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle(fixture);

    const save = http.expectOne({ method: 'PUT', url: '/api/deals/d1' });
    expect(save.request.body).toMatchObject({ name: 'Поставка труб', version: 3 });
    save.flush(deal('d1', 's1', { name: 'Поставка труб', version: 4 }));
    await settle(fixture);
    expect(name.value).toBe('Поставка труб');
  });

  it('won with open tasks: asks, then completes every open task of the deal (all pages) with the result', async () => {
    flushTasks();
    await settle(fixture);
    [...element.querySelectorAll<HTMLButtonElement>('button.won')][0].click();
    await settle(fixture);
    http
      .expectOne({ method: 'POST', url: '/api/deals/d1/won' })
      .flush(deal('d1', 's1', { version: 4, closedAt: '2026-11-27T10:00:00Z' }));
    await settle(fixture);
    // the card's panel re-reads its first page; the question reads every page
    const first = http.match((r) => r.url === '/api/tasks/linked' && !r.params.get('after'));
    expect(first.length).toBeGreaterThan(0);
    const asked = first.find((r) => r.request.params.get('limit') === '200')!;
    first
      .filter((r) => r !== asked)
      .forEach((r) => r.flush({ items: [task('t1')], nextCursor: null }));
    asked.flush({ items: [task('t1')], nextCursor: 'c1' });
    await settle(fixture);
    http
      .expectOne((r) => r.url === '/api/tasks/linked' && r.params.get('after') === 'c1')
      .flush({ items: [task('t2', { version: 2 })], nextCursor: null });
    await settle(fixture);

    const dialog = document.querySelector('mat-dialog-container')!;
    expect(dialog.textContent).toContain('У сделки открытых задач: 2');
    [...dialog.querySelectorAll('button')]
      .find((b) => b.textContent?.includes('Выполнить задачи'))!
      .click();
    await settle(fixture);
    for (const [id, version] of [
      ['t1', 1],
      ['t2', 2],
    ] as const) {
      const complete = http.expectOne({ method: 'POST', url: `/api/tasks/${id}/complete` });
      expect(complete.request.body).toEqual({ result: 'Сделка успешно реализована', version });
      complete.flush({
        task: task(id, { status: 'completed' }),
        next: null,
        dealLeftWithoutTasks: false,
      });
      await settle(fixture);
    }
  });
});

/**
 * The browser runs in New York (UTC−4 in March 2026) while the user's settings say
 * Yekaterinburg (UTC+5): every time on the card is the user's, as in Tasks.
 */
describe('DealCard in the user’s time zone, not the browser’s', () => {
  // The tests run in Node (jsdom): its TZ is the "browser's" zone, and Node reads a new value at once.
  const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } })
    .process.env;
  const browserZone = env['TZ'];
  const todo: Pipeline = { ...dealers, kind: 'todo' };
  let fixture: ComponentFixture<DealCard>;
  let http: HttpTestingController;
  let element: HTMLElement;

  const field = (label: string) => {
    const formField = [...element.querySelectorAll('mat-form-field')].find(
      (f) => f.querySelector('mat-label')?.textContent?.trim() === label,
    );
    return formField!.querySelector<HTMLInputElement>('input')!;
  };
  const deadlineDate = () => field('Крайний срок');
  const deadlineTime = () => field('Время');

  beforeEach(async () => {
    env['TZ'] = 'America/New_York';
    // The stub took: 09:30Z reads as 05:30 on the browser's clock.
    expect(new Date('2026-03-12T09:30:00Z').getHours()).toBe(5);

    TestBed.configureTestingModule({
      imports: [DealCard],
      providers: [
        provideZonelessChangeDetection(),
        provideLocaleDates(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        provideFakeCrmHub(),
        signedInAs(me('u1', 'Manager')),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    TestBed.inject(I18n).useTimeZone('Asia/Yekaterinburg');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DealCard);
    fixture.componentRef.setInput('id', 'd1');
    element = fixture.nativeElement;
    await fixture.whenStable();

    http.expectOne('/api/identity/users').flush([]);
    http.expectOne((r) => r.url === '/api/pipelines').flush([todo]);
    http.expectOne({ method: 'GET', url: '/api/deals/d1' }).flush(
      deal('d1', 's1', {
        version: 3,
        deadline: '2026-03-12T09:30:00Z',
        createdAt: '2026-03-01T20:30:00Z',
      }),
    );
    http.expectOne('/api/deals/custom-fields').flush([]);
    await settle(fixture);
    http
      .match((r) => r.url === '/api/tasks/linked')
      .forEach((r) =>
        r.flush({ items: [task('t1', { dueAt: '2026-03-12T09:30:00Z' })], nextCursor: null }),
      );
    await settle(fixture);
  });

  afterEach(() => {
    http
      .match((r) => r.url === '/api/tasks/linked')
      .forEach((r) => r.flush({ items: [], nextCursor: null }));
    http.expectNone((r) => r.url.startsWith('/api/inbox/requests'));
    http
      .match((r) => r.url === '/api/messaging/feed/deal/d1')
      .forEach((r) => r.flush({ items: [], nextCursor: null, pinned: [], names: {} }));
    http.match((r) => r.url === '/api/deals/tags').forEach((r) => r.flush([]));
    http.verify();
    if (browserZone === undefined) {
      delete env['TZ'];
    } else {
      env['TZ'] = browserZone;
    }
  });

  it('shows the deadline, the creation and the tasks on the user’s clock', () => {
    // A Russian date and time, on the user's clock (the browser's would say 05:30).
    expect(deadlineDate().value).toBe('12.03.2026');
    expect(deadlineTime().value).toBe('14:30');
    // 2026-03-01T20:30Z is 2 March 01:30 in Yekaterinburg (1 March 15:30 in New York).
    const facts = element.querySelector('.facts')!.textContent!;
    expect(facts).toContain('2 мар. 2026 г., 01:30');
    expect(facts).not.toContain('15:30');
    const tasks = element.querySelector('app-record-tasks')!.textContent!;
    expect(tasks).toContain('14:30');
    expect(tasks).not.toContain('05:30');
  });

  it('a To-Do job asks for no budget or goal, offers only «Выполнено», and needs its deadline', async () => {
    const labels = [...element.querySelectorAll('mat-label')].map((l) => l.textContent?.trim());
    expect(labels).not.toContain('Бюджет');
    expect(labels).not.toContain('Цель переговоров');
    expect(labels).not.toContain('Валюта');
    expect(element.querySelector('button.lost')).toBeNull();
    const done = element.querySelector<HTMLButtonElement>('button.won')!;
    expect(done.textContent?.trim()).toContain('Выполнено');
    expect(element.querySelector('.number')?.textContent).not.toContain('₽');

    const date = deadlineDate();
    date.value = '';
    date.dispatchEvent(new Event('input'));
    await settle(fixture);
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
    http.expectNone({ method: 'PUT', url: '/api/deals/d1' });
    expect(date.closest('mat-form-field')!.textContent).toContain('Заполните поле');
    expect(date.getAttribute('aria-invalid')).toBe('true');

    done.click();
    await settle(fixture);
    http
      .expectOne({ method: 'POST', url: '/api/deals/d1/won' })
      .flush(deal('d1', 'won', { version: 4, closedAt: '2026-03-12T10:00:00Z' }));
    await settle(fixture);
    expect(document.querySelector('mat-snack-bar-container')?.textContent).toContain(
      'Задание выполнено',
    );
  });

  it('a job’s deadline is at the top, under its name, before its stage and responsible', () => {
    const name = element.querySelector('#deal-name')!;
    const deadline = element.querySelector('app-date-time-field')!;
    const stage = element.querySelector('.stage-row')!;
    const parties = element.querySelector('app-deal-parties')!;
    const follows = (a: Element, b: Element) =>
      !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    // In the page's order, so the keyboard meets it there too.
    expect(follows(name, deadline)).toBe(true);
    expect(follows(deadline, stage)).toBe(true);
    expect(follows(deadline, parties)).toBe(true);
    expect(deadline.closest('form.form')).toBeTruthy();
  });

  it('a job without tasks is not warned: it needs none, and the panel says so in a job’s words', async () => {
    // The job's one task is deleted elsewhere on screen.
    TestBed.inject(TaskActions).changes.next({
      deleted: task('t1', { dueAt: '2026-03-12T09:30:00Z' }),
    });
    await settle(fixture);
    const panel = element.querySelector('app-record-tasks')!;
    expect(panel.textContent).not.toContain('У сделки нет задач');
    expect(panel.querySelector('.warning')).toBeNull();
    expect(panel.textContent).toContain('Задач нет: у задания свой крайний срок.');
  });

  it('a job saved sends no budget or goal', async () => {
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
    const save = http.expectOne({ method: 'PUT', url: '/api/deals/d1' });
    expect(save.request.body).toMatchObject({ budget: null, goal: null, version: 3 });
    save.flush(deal('d1', 's1', { version: 4, budget: null, deadline: '2026-03-12T09:30:00Z' }));
    await settle(fixture);
  });

  it('the server’s word on a job’s deadline is said at the date field, and leaves when it is given', async () => {
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
    http.expectOne({ method: 'PUT', url: '/api/deals/d1' }).flush(
      {
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: { deadline: ['Укажите крайний срок задания'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    const date = deadlineDate();
    expect(date.closest('mat-form-field')!.textContent).toContain('Укажите крайний срок задания');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(deadlineTime().getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('.form-error')).toBeNull();

    date.value = '21.03.2026';
    date.dispatchEvent(new Event('input'));
    await settle(fixture);
    expect(element.textContent).not.toContain('Укажите крайний срок задания');
    expect(date.getAttribute('aria-invalid')).toBe('false');
  });

  it('reads a typed deadline on the user’s clock', async () => {
    const type = async (input: HTMLInputElement, text: string) => {
      input.value = text;
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new Event('blur'));
      await settle(fixture);
    };
    await type(deadlineDate(), '20.03.26');
    await type(deadlineTime(), '18:00');
    element.querySelector('form.form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);

    const save = http.expectOne({ method: 'PUT', url: '/api/deals/d1' });
    // 18:00 in Yekaterinburg; the browser's reading would be 22:00Z.
    expect(save.request.body).toMatchObject({ deadline: '2026-03-20T13:00:00.000Z', version: 3 });
    save.flush(deal('d1', 's1', { version: 4, deadline: '2026-03-20T13:00:00Z' }));
    await settle(fixture);
    expect(deadlineDate().value).toBe('20.03.2026');
    expect(deadlineTime().value).toBe('18:00');
  });
});
