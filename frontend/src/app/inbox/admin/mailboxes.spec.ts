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
import { mailbox } from '../testing/fixtures';
import { MailboxDialog } from './mailbox-dialog';
import { Mailboxes } from './mailboxes';

describe('Mailboxes (Settings → «Общая почта»)', () => {
  let fixture: ComponentFixture<Mailboxes>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let dialogs: { component: unknown; data: unknown }[];
  let answer: unknown;
  let snacks: string[];

  const down = mailbox('m2', {
    name: 'Продажи',
    status: {
      state: 'retrying',
      lastPolledAt: '2026-03-02T09:05:00Z',
      lastSuccessAt: '2026-03-02T08:00:00Z',
      lastError: 'AUTHENTICATIONFAILED Authentication failed.',
      nextAttemptAt: '2026-03-02T09:10:00Z',
      mailsTaken: 12,
    },
  });

  beforeEach(async () => {
    dialogs = [];
    snacks = [];
    answer = undefined;
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
    http.expectOne('/api/inbox/mailboxes').flush([mailbox('m1', { name: 'Заявки' }), down]);
    await settle();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  }

  const cards = () => [...element.querySelectorAll<HTMLElement>('[data-testid=mailbox]')];
  const button = (card: HTMLElement, text: string) =>
    [...card.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) =>
        b.textContent?.replace(b.querySelector('mat-icon')?.textContent ?? '', '').trim() === text,
    )!;

  it('a mailbox that is down comes first, in red, with its last error in plain sight', () => {
    expect(element.querySelector('[data-testid=mailboxes-down]')?.textContent).toContain(
      'Не работает ящиков: 1',
    );
    const [first, second] = cards();
    expect(first.classList).toContain('down');
    expect(first.querySelector('[data-testid=mailbox-state]')?.textContent?.trim()).toBe(
      'Ошибка, повторяем',
    );
    expect(first.querySelector('[data-testid=mailbox-error]')?.textContent).toContain(
      'AUTHENTICATIONFAILED Authentication failed.',
    );
    expect(first.textContent).toContain('12');
    expect(second.querySelector('[data-testid=mailbox-state]')?.textContent?.trim()).toBe(
      'Работает',
    );
    expect(second.querySelector('[data-testid=mailbox-error]')).toBeNull();
    expect(second.textContent).toContain('sales@example.ru · imap.example.ru:993 · TLS (порт 993)');
    expect(second.textContent).toContain('Новые дилеры');
  });

  it('«Проверить» says what failed, then reads the status again', async () => {
    button(cards()[0], 'Проверить').click();
    const check = http.expectOne('/api/inbox/mailboxes/m2/check');
    expect(check.request.method).toBe('POST');
    check.flush({ ok: false, failure: 'authenticate', error: 'AUTHENTICATIONFAILED' });
    await settle();
    http.expectOne('/api/inbox/mailboxes').flush([mailbox('m1', { name: 'Заявки' }), down]);
    await settle();
    expect(cards()[0].querySelector('[data-testid=mailbox-check]')?.textContent).toContain(
      'Не удалось: неверный пользователь или пароль. AUTHENTICATIONFAILED',
    );
  });

  it('a check that passes says so', async () => {
    button(cards()[1], 'Проверить').click();
    http.expectOne('/api/inbox/mailboxes/m1/check').flush({ ok: true });
    await settle();
    http.expectOne('/api/inbox/mailboxes').flush([mailbox('m1', { name: 'Заявки' })]);
    await settle();
    expect(element.querySelector('[data-testid=mailbox-check]')?.textContent).toContain(
      'Подключение в порядке',
    );
    expect(element.querySelector('[data-testid=mailboxes-down]')).toBeNull();
  });

  it('«Изменить» opens the mailbox’s settings with it', () => {
    button(cards()[1], 'Изменить').click();
    expect(dialogs[0].component).toBe(MailboxDialog);
    expect(dialogs[0].data).toEqual({ mailbox: mailbox('m1', { name: 'Заявки' }) });
  });

  it('«Удалить» asks first', async () => {
    answer = true;
    button(cards()[1], 'Удалить').click();
    await settle();
    const remove = http.expectOne('/api/inbox/mailboxes/m1');
    expect(remove.request.method).toBe('DELETE');
    remove.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(cards()).toHaveLength(1);
    expect(snacks).toEqual(['Ящик «Заявки» удалён']);
  });
});
