import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { dealers } from '../../deals/testing/fixtures';
import { I18n } from '../../shared/i18n/i18n';
import { settle } from '../../shared/testing/settle';
import { Mailbox } from '../data-access/models';
import { mailbox, mailboxStatus } from '../testing/fixtures';
import { MailboxDialog } from './mailbox-dialog';
import { MAILBOX_REFRESH_MS, Mailboxes } from './mailboxes';

describe('Mailboxes (Settings → «Общая почта»)', () => {
  let fixture: ComponentFixture<Mailboxes>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let dialogs: { component: unknown; data: unknown }[];
  let answer: unknown;
  let snacks: string[];

  const AUTH_ERROR =
    'Почтовый сервер imap.example.ru:993 не принял логин «sales@example.ru» и пароль';
  const working = mailbox('m1', { name: 'Заявки' });
  const down = mailbox('m2', {
    name: 'Продажи',
    status: mailboxStatus({
      state: 'stopped',
      lastPolledAt: '2026-03-02T09:05:00Z',
      lastSuccessAt: '2026-03-02T08:00:00Z',
      lastFailure: 'authentication',
      lastError: AUTH_ERROR,
      nextAttemptAt: null,
      mailsTaken: 12,
    }),
  });

  beforeEach(async () => {
    dialogs = [];
    snacks = [];
    answer = undefined;
    // Only the page's own clock is faked: Angular and HttpClient go on with real timeouts.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    TestBed.configureTestingModule({
      imports: [Mailboxes],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: MatDialog,
          useValue: {
            open: (component: unknown, config: { data: unknown }) => {
              dialogs.push({ component, data: config.data });
              return { afterClosed: () => of(answer) };
            },
          },
        },
        { provide: MatSnackBar, useValue: { open: (text: string) => snacks.push(text) } },
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Mailboxes);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/pipelines').flush([dealers]);
    http.expectOne('/api/inbox/mailboxes').flush([working, down]);
    await settle(fixture);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  /** The page's own refresh comes due: it reads the mailboxes, answered with `list`. */
  async function tick(list: readonly Mailbox[]): Promise<void> {
    vi.advanceTimersByTime(MAILBOX_REFRESH_MS);
    http.expectOne('/api/inbox/mailboxes').flush([...list]);
    await settle(fixture);
  }

  const cards = () => [...element.querySelectorAll<HTMLElement>('[data-testid=mailbox]')];
  const card = (name: string) => cards().find((c) => c.querySelector('h2')?.textContent === name)!;
  const state = (c: HTMLElement) =>
    c.querySelector('[data-testid=mailbox-state]')?.textContent?.trim();
  const button = (c: HTMLElement, text: string) =>
    [...c.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) =>
        b.textContent?.replace(b.querySelector('mat-icon')?.textContent ?? '', '').trim() === text,
    )!;

  it('a mailbox that is down comes first, in red, with what failed and the server’s words', () => {
    expect(element.querySelector('[data-testid=mailboxes-down]')?.textContent).toContain(
      'Не работает ящиков: 1',
    );
    const [first, second] = cards();
    expect(first.classList).toContain('down');
    expect(state(first)).toBe('Остановлен');
    const error = first.querySelector('[data-testid=mailbox-error]')!;
    expect(error.textContent).toContain('Последняя ошибка: неверный логин или пароль');
    expect(error.querySelector('[data-testid=mailbox-error-text]')?.textContent).toBe(AUTH_ERROR);
    expect(error.textContent).toContain('Ящик не опрашивается, пока вы не исправите настройки');
    // Stopped: no next attempt is due.
    expect(first.textContent).not.toContain('Следующая попытка');
    expect(first.querySelector('[data-testid=mailbox-mails-taken]')?.textContent).toBe('12');

    expect(state(second)).toBe('Работает');
    expect(second.querySelector('[data-testid=mailbox-error]')).toBeNull();
    expect(second.textContent).toContain('sales@example.ru · imap.example.ru:993 · TLS (порт 993)');
    expect(second.textContent).toContain('Новые дилеры');
    expect(second.textContent).toContain('Следующая попытка');
    expect(second.querySelector('[data-testid=mailbox-mails-taken]')?.textContent).toBe('3');
  });

  it('a retrying one says what failed and when it tries again', async () => {
    await tick([
      mailbox('m3', {
        name: 'Сервис',
        security: 'startTls',
        port: 143,
        status: mailboxStatus({
          state: 'retrying',
          lastFailure: 'connection',
          lastError: 'Не удалось соединиться с почтовым сервером imap.example.ru:143',
          nextAttemptAt: '2026-03-02T09:10:00Z',
        }),
      }),
    ]);
    const c = card('Сервис');
    expect(c.classList).toContain('down');
    expect(state(c)).toBe('Ошибка, повторяем');
    expect(c.textContent).toContain('STARTTLS (порт 143)');
    expect(c.querySelector('[data-testid=mailbox-error]')?.textContent).toContain(
      'Последняя ошибка: нет соединения с сервером',
    );
    expect(c.textContent).not.toContain('Ящик не опрашивается');
    expect(c.textContent).toContain('Следующая попытка');
  });

  it('every kind of failure has its words; a kind it does not know is named as it came', async () => {
    const kinds = {
      connection: 'нет соединения с сервером',
      tls: 'ошибка TLS',
      authentication: 'неверный логин или пароль',
      folderNotFound: 'папка не найдена',
      timeout: 'сервер не ответил вовремя',
      protocol: 'сервер ответил неожиданно',
      pipelineRefused: 'воронка не принимает заявки',
      internal: 'внутренняя ошибка',
      somethingNew: 'somethingNew',
    };
    await tick(
      Object.keys(kinds).map((kind) =>
        mailbox(kind, {
          name: kind,
          status: mailboxStatus({
            state: 'stopped',
            lastFailure: kind as never,
            lastError: `текст ${kind}`,
            nextAttemptAt: null,
          }),
        }),
      ),
    );
    for (const [kind, words] of Object.entries(kinds)) {
      expect(card(kind).querySelector('[data-testid=mailbox-error] strong')?.textContent).toBe(
        `Последняя ошибка: ${words}`,
      );
    }
  });

  it('the server’s message is shown as text, never as HTML', async () => {
    await tick([
      mailbox('m1', {
        name: 'Заявки',
        status: mailboxStatus({
          state: 'retrying',
          lastFailure: 'protocol',
          lastError: 'BAD <img src=x onerror=alert(1)><b>жирный</b>',
        }),
      }),
    ]);
    const error = card('Заявки').querySelector('[data-testid=mailbox-error-text]')!;
    expect(error.textContent).toBe('BAD <img src=x onerror=alert(1)><b>жирный</b>');
    expect(error.querySelector('img, b')).toBeNull();
  });

  it('reads the statuses again by itself while open: a mailbox going down and coming back shows', async () => {
    await tick([
      mailbox('m1', {
        name: 'Заявки',
        status: mailboxStatus({
          state: 'retrying',
          lastFailure: 'timeout',
          lastError: 'Почтовый сервер imap.example.ru:993 не ответил вовремя',
        }),
      }),
      down,
    ]);
    expect(state(card('Заявки'))).toBe('Ошибка, повторяем');
    expect(card('Заявки').querySelector('[data-testid=mailbox-error-text]')?.textContent).toBe(
      'Почтовый сервер imap.example.ru:993 не ответил вовремя',
    );
    expect(element.querySelector('[data-testid=mailboxes-down]')?.textContent).toContain(
      'Не работает ящиков: 2',
    );

    await tick([
      mailbox('m1', { name: 'Заявки', status: mailboxStatus({ mailsTaken: 4 }) }),
      mailbox('m2', { name: 'Продажи', status: mailboxStatus({ mailsTaken: 13 }) }),
    ]);
    expect(cards().map(state)).toEqual(['Работает', 'Работает']);
    expect(element.querySelector('[data-testid=mailbox-error]')).toBeNull();
    expect(element.querySelector('[data-testid=mailboxes-down]')).toBeNull();
    expect(card('Продажи').querySelector('[data-testid=mailbox-mails-taken]')?.textContent).toBe(
      '13',
    );
  });

  it('a refresh that fails keeps the list and says so; the next one clears it', async () => {
    vi.advanceTimersByTime(MAILBOX_REFRESH_MS);
    http
      .expectOne('/api/inbox/mailboxes')
      .flush({ status: 503, title: 'Сервер недоступен' }, { status: 503, statusText: 'Down' });
    await settle(fixture);
    expect(cards()).toHaveLength(2);
    expect(element.querySelector('[data-testid=mailboxes-error]')?.textContent).toContain(
      'Сервер недоступен',
    );
    await tick([working, down]);
    expect(element.querySelector('[data-testid=mailboxes-error]')).toBeNull();
  });

  it('does not read while the tab is hidden', async () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    vi.advanceTimersByTime(3 * MAILBOX_REFRESH_MS);
    http.expectNone('/api/inbox/mailboxes');
    visibility.mockReturnValue('visible');
    await tick([working, down]);
  });

  it('stops reading once the page is left', () => {
    fixture.destroy();
    vi.advanceTimersByTime(3 * MAILBOX_REFRESH_MS);
    http.expectNone('/api/inbox/mailboxes');
  });

  it('«Обновить» reads now', async () => {
    button(element, 'Обновить').click();
    http.expectOne('/api/inbox/mailboxes').flush([working]);
    await settle(fixture);
    expect(cards()).toHaveLength(1);
  });

  it('«Проверить» says what failed in few words and the server’s, then reads the status again', async () => {
    button(card('Продажи'), 'Проверить').click();
    const check = http.expectOne('/api/inbox/mailboxes/m2/check');
    expect(check.request.method).toBe('POST');
    check.flush({ ok: false, failure: 'authentication', error: AUTH_ERROR });
    await settle(fixture);
    http.expectOne('/api/inbox/mailboxes').flush([working, down]);
    await settle(fixture);
    const said = card('Продажи').querySelector('[data-testid=mailbox-check]')!;
    expect(said.textContent).toContain('Проверка не прошла: неверный логин или пароль');
    expect(said.querySelector('.text')?.textContent).toBe(AUTH_ERROR);
  });

  it('a check that passes says so, and the mailbox waits for its next poll', async () => {
    button(card('Продажи'), 'Проверить').click();
    http.expectOne('/api/inbox/mailboxes/m2/check').flush({ ok: true, failure: null, error: null });
    await settle(fixture);
    http
      .expectOne('/api/inbox/mailboxes')
      .flush([
        working,
        mailbox('m2', { name: 'Продажи', status: mailboxStatus({ state: 'waiting' }) }),
      ]);
    await settle(fixture);
    expect(card('Продажи').querySelector('[data-testid=mailbox-check]')?.textContent).toContain(
      'Подключение в порядке',
    );
    expect(state(card('Продажи'))).toBe('Ждёт первой проверки');
    expect(element.querySelector('[data-testid=mailboxes-down]')).toBeNull();
  });

  it('«Изменить» opens the mailbox’s settings with it; saved, it is read again', async () => {
    const saved = mailbox('m1', {
      name: 'Заявки',
      version: 2,
      status: mailboxStatus({ state: 'waiting' }),
    });
    answer = saved;
    button(card('Заявки'), 'Изменить').click();
    expect(dialogs[0].component).toBe(MailboxDialog);
    expect(dialogs[0].data).toEqual({ mailbox: working });
    await settle(fixture);
    expect(state(card('Заявки'))).toBe('Ждёт первой проверки');
    expect(snacks).toEqual(['Ящик «Заявки» сохранён']);
    http.expectOne('/api/inbox/mailboxes').flush([saved, down]);
    await settle(fixture);
  });

  it('«Удалить» asks first', async () => {
    answer = true;
    button(card('Заявки'), 'Удалить').click();
    await settle(fixture);
    const remove = http.expectOne('/api/inbox/mailboxes/m1');
    expect(remove.request.method).toBe('DELETE');
    remove.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    expect(cards()).toHaveLength(1);
    expect(snacks).toEqual(['Ящик «Заявки» удалён']);
  });
});
