import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, provideRouter } from '@angular/router';
import { me, signedInAs } from '../../identity/testing/session';
import { I18n } from '../../shared/i18n/i18n';
import { settle } from '../../shared/testing/settle';
import { inboxRequest, requestMail } from '../testing/fixtures';
import { RequestDialog } from './request-dialog';

describe('RequestDialog (a request’s card)', () => {
  let fixture: ComponentFixture<RequestDialog>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let closed: unknown[];
  let snacks: string[];
  let navigated: unknown[];

  async function create(role: 'Manager' | 'Admin' = 'Manager'): Promise<void> {
    closed = [];
    snacks = [];
    navigated = [];
    TestBed.configureTestingModule({
      imports: [RequestDialog],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        signedInAs(me('u1', role)),
        { provide: MAT_DIALOG_DATA, useValue: { requestId: 'r1' } },
        { provide: MatDialogRef, useValue: { close: (value: unknown) => closed.push(value) } },
        { provide: MatSnackBar, useValue: { open: (text: string) => snacks.push(text) } },
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
    const router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockImplementation((commands) => {
      navigated.push(commands);
      return Promise.resolve(true);
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RequestDialog);
    element = fixture.nativeElement;
    await fixture.whenStable();
  }

  /** A button by its words (its icon's ligature left out). */
  const button = (text: string) =>
    [...element.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) =>
        b.textContent?.replace(b.querySelector('mat-icon')?.textContent ?? '', '').trim() === text,
    );

  afterEach(() => {
    // The card names the pipeline: the pipelines' list is read once for the session.
    http.match((r) => r.url === '/api/pipelines').forEach((r) => r.flush([]));
    http.verify();
  });

  it('shows all the request holds, the raw message as text, never as HTML', async () => {
    await create();
    http.expectOne('/api/inbox/requests/r1').flush(
      inboxRequest('r1', {
        contactName: 'Иван <b>Петров</b>',
        companyName: 'Рога и копыта',
        subject: 'Кресла',
        message: '<script>alert(1)</script>\nВторая строка',
        raw: '{"contactName":"Иван <b>Петров</b>","message":"<img src=x onerror=alert(1)>"}',
        rawType: 'application/json',
      }),
    );
    await settle(fixture);
    expect(element.querySelector('script, b, img')).toBeNull();
    expect(element.textContent).toContain('Иван <b>Петров</b>');
    expect(element.textContent).toContain('Свердловская обл');
    expect(element.textContent).toContain('+73432123456');
    expect(element.textContent).toContain('Рога и копыта');
    expect(element.querySelector('[data-testid=request-message]')?.textContent).toBe(
      '<script>alert(1)</script>\nВторая строка',
    );
    const raw = element.querySelector('[data-testid=request-raw]')!;
    expect(raw.tagName).toBe('PRE');
    expect(raw.textContent).toContain('"message": "<img src=x onerror=alert(1)>"');
    expect(button('Принять')).toBeTruthy();
    expect(button('Отклонить')).toBeTruthy();
  });

  it('a mail’s request shows its thread, the attachment to download, in place of the message', async () => {
    await create();
    http.expectOne('/api/inbox/requests/r1').flush(
      inboxRequest('r1', {
        source: 'mail',
        message: 'Нужны 20 кресел',
        mails: [
          requestMail('m1', {
            text: 'Нужны 20 кресел\n-- \nИван',
            attachments: [
              {
                id: 'a1',
                fileName: 'ТЗ.pdf',
                contentType: 'application/pdf',
                size: 2048,
                inline: false,
                kept: true,
              },
            ],
          }),
          requestMail('m2', { kind: 'reply', text: 'Уточню: 25 кресел' }),
        ],
      }),
    );
    await settle(fixture);
    expect(element.textContent).toContain('Почта');
    expect(element.querySelector('[data-testid=request-message]')).toBeNull();
    const mails = element.querySelectorAll('[data-testid=request-mail]');
    expect(mails).toHaveLength(2);
    expect(mails[0].querySelector('[data-testid=mail-text]')?.textContent).toBe(
      'Нужны 20 кресел\n-- \nИван',
    );
    expect(mails[1].textContent).toContain('Уточню: 25 кресел');
    expect(element.querySelector('[data-testid=mail-attachment] a')?.getAttribute('href')).toBe(
      '/api/inbox/requests/r1/attachments/a1',
    );
  });

  it('«Принять» opens the deal the request became', async () => {
    await create();
    http.expectOne('/api/inbox/requests/r1').flush(inboxRequest('r1'));
    await settle(fixture);
    button('Принять')!.click();
    const accept = http.expectOne('/api/inbox/requests/r1/accept');
    expect(accept.request.method).toBe('POST');
    accept.flush({
      request: inboxRequest('r1', { status: 'accepted', dealId: 'r1' }),
      dealId: 'r1',
    });
    await settle(fixture);
    expect(closed).toEqual([expect.objectContaining({ kind: 'accepted', dealId: 'r1' })]);
    expect(navigated).toEqual([['/deals', 'r1']]);
  });

  it('a 409 says who took it, in the server’s words, and closes the card', async () => {
    await create();
    http.expectOne('/api/inbox/requests/r1').flush(inboxRequest('r1'));
    await settle(fixture);
    button('Принять')!.click();
    http.expectOne('/api/inbox/requests/r1/accept').flush(
      {
        title: 'Заявка уже разобрана',
        detail: 'Заявку уже принял(а) Ольга Смирнова',
        status: 409,
        decidedByName: 'Ольга Смирнова',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    expect(snacks).toEqual(['Заявку уже принял(а) Ольга Смирнова']);
    expect(closed).toEqual([{ kind: 'taken', requestId: 'r1' }]);
    expect(navigated).toEqual([]);
  });

  it('«Отклонить» asks an optional reason and sends it', async () => {
    await create();
    http.expectOne('/api/inbox/requests/r1').flush(inboxRequest('r1'));
    await settle(fixture);
    button('Отклонить')!.click();
    await settle(fixture);
    const reason = element.querySelector<HTMLTextAreaElement>('textarea')!;
    reason.value = '  Не наш регион ';
    reason.dispatchEvent(new Event('input'));
    button('Отклонить заявку')!.click();
    const decline = http.expectOne('/api/inbox/requests/r1/decline');
    expect(decline.request.body).toEqual({ reason: 'Не наш регион' });
    decline.flush(inboxRequest('r1', { status: 'declined', declineReason: 'Не наш регион' }));
    await settle(fixture);
    expect(closed).toEqual([expect.objectContaining({ kind: 'declined' })]);
  });

  it('declines without a reason too', async () => {
    await create();
    http.expectOne('/api/inbox/requests/r1').flush(inboxRequest('r1'));
    await settle(fixture);
    button('Отклонить')!.click();
    await settle(fixture);
    button('Отклонить заявку')!.click();
    expect(http.expectOne('/api/inbox/requests/r1/decline').request.body).toEqual({ reason: null });
  });

  it('a declined request: who and why; «Вернуть» for an admin only', async () => {
    await create('Manager');
    const declined = inboxRequest('r1', {
      status: 'declined',
      decidedByName: 'Ольга Смирнова',
      decidedAt: '2026-03-02T10:00:00Z',
      declineReason: 'Дубль',
    });
    http.expectOne('/api/inbox/requests/r1').flush(declined);
    await settle(fixture);
    expect(element.textContent).toContain('Отклонил(а)');
    expect(element.textContent).toContain('Ольга Смирнова');
    expect(element.textContent).toContain('Дубль');
    expect(button('Принять')).toBeUndefined();
    expect(button('Вернуть в «Неразобранное»')).toBeUndefined();
  });

  it('an admin restores a declined request', async () => {
    await create('Admin');
    http.expectOne('/api/inbox/requests/r1').flush(inboxRequest('r1', { status: 'declined' }));
    await settle(fixture);
    button('Вернуть в «Неразобранное»')!.click();
    http.expectOne('/api/inbox/requests/r1/restore').flush(inboxRequest('r1', { version: 3 }));
    await settle(fixture);
    expect(closed).toEqual([expect.objectContaining({ kind: 'restored' })]);
  });
});
