import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { dealers } from '../../deals/testing/fixtures';
import { settle } from '../../shared/testing/settle';
import { Mailbox } from '../data-access/models';
import { mailbox } from '../testing/fixtures';
import { MailboxDialog } from './mailbox-dialog';

describe('MailboxDialog (a shared mailbox’s settings)', () => {
  let fixture: ComponentFixture<MailboxDialog>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let closed: unknown[];

  async function create(existing?: Mailbox): Promise<void> {
    closed = [];
    TestBed.configureTestingModule({
      imports: [MailboxDialog],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: { mailbox: existing } },
        { provide: MatDialogRef, useValue: { close: (value: unknown) => closed.push(value) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MailboxDialog);
    element = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/pipelines').flush([dealers]);
    await settle(fixture);
  }

  afterEach(() => http.verify());

  function fill(name: string, value: string): void {
    const input = element.querySelector<HTMLInputElement>(`[formcontrolname=${name}]`)!;
    input.value = value;
    input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'));
  }

  const submit = () => element.querySelector<HTMLButtonElement>('button[type=submit]')!.click();

  it('adds a mailbox: a password is required, the port is a number', async () => {
    await create();
    fill('name', 'Заявки');
    fill('host', 'imap.example.ru');
    fill('user', 'sales@example.ru');
    submit();
    await settle(fixture);
    http.expectNone('/api/inbox/mailboxes');
    expect(element.textContent).toContain('Заполните поле');

    fill('password', 'secret');
    fill('security', 'startTls');
    await settle(fixture);
    expect(element.querySelector<HTMLInputElement>('[formcontrolname=port]')!.value).toBe('143');
    submit();
    const post = http.expectOne({ method: 'POST', url: '/api/inbox/mailboxes' });
    expect(post.request.body).toEqual({
      name: 'Заявки',
      host: 'imap.example.ru',
      port: 143,
      security: 'startTls',
      user: 'sales@example.ru',
      password: 'secret',
      folder: 'INBOX',
      pipelineId: 'p1',
      acceptSelfSignedCertificate: false,
      enabled: true,
    });
    post.flush(mailbox('m1'));
    await settle(fixture);
    expect(closed).toEqual([mailbox('m1')]);
  });

  it('a port typed by hand stays when the security changes; a wrong one is refused', async () => {
    await create();
    fill('port', '10993');
    fill('security', 'none');
    await settle(fixture);
    expect(element.querySelector<HTMLInputElement>('[formcontrolname=port]')!.value).toBe('10993');
    fill('port', '70000');
    submit();
    await settle(fixture);
    expect(element.textContent).toContain('Введите целое число от 1 до 65535');
  });

  it('editing keeps the saved password when the field is left empty', async () => {
    await create(mailbox('m1', { version: 3 }));
    expect(element.textContent).toContain('Пароль сохранён: оставьте поле пустым');
    fill('folder', 'Заявки');
    submit();
    const put = http.expectOne({ method: 'PUT', url: '/api/inbox/mailboxes/m1' });
    expect(put.request.body).toEqual(
      expect.objectContaining({ version: 3, password: null, folder: 'Заявки', port: 993 }),
    );
    put.flush(mailbox('m1', { version: 4 }));
    await settle(fixture);
    expect(closed).toHaveLength(1);
  });

  it('shows the server’s word at its field', async () => {
    await create(mailbox('m1'));
    submit();
    http
      .expectOne('/api/inbox/mailboxes/m1')
      .flush(
        { status: 400, errors: { host: ['Сервер не найден'] } },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle(fixture);
    expect(element.textContent).toContain('Сервер не найден');
    expect(closed).toEqual([]);
  });
});
