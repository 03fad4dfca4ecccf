import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { inboxRequest, requestMail } from '../testing/fixtures';
import { DealRequest } from './deal-request';

describe('DealRequest (the request on its deal’s card)', () => {
  let fixture: ComponentFixture<DealRequest>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [DealRequest],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DealRequest);
    element = fixture.nativeElement;
    fixture.componentRef.setInput('dealId', 'r1');
    await fixture.whenStable();
  });

  afterEach(() => {
    http.match((r) => r.url === '/api/pipelines').forEach((r) => r.flush([]));
    http.verify();
  });

  it('shows all the client sent when the deal came from a request (same id)', async () => {
    http.expectOne('/api/inbox/requests/r1').flush(
      inboxRequest('r1', {
        status: 'accepted',
        dealId: 'r1',
        contactName: 'Иван Петров',
        message: 'Нужны 20 кресел',
        decidedByName: 'Ольга Смирнова',
        raw: '{"message":"Нужны 20 кресел"}',
        rawType: 'application/json',
      }),
    );
    await fixture.whenStable();
    const text = element.textContent!;
    expect(text).toContain('Запрос клиента');
    expect(text).toContain('Иван Петров');
    expect(text).toContain('Нужны 20 кресел');
    expect(text).toContain('Свердловская обл');
    expect(text).toContain('Ольга Смирнова');
    expect(element.querySelector('[data-testid=request-raw]')).not.toBeNull();
    // The card is the deal's: no link to itself.
    expect(text).not.toContain('Открыть сделку');
  });

  it('a deal from a mail shows the thread: the first mail, the client’s replies since, the attachments', async () => {
    http.expectOne('/api/inbox/requests/r1').flush(
      inboxRequest('r1', {
        source: 'mail',
        status: 'accepted',
        dealId: 'r1',
        mails: [
          requestMail('m1'),
          requestMail('m2', {
            kind: 'reply',
            text: 'Счёт получил, оплатим завтра',
            attachments: [
              {
                id: 'a9',
                fileName: 'скан.jpg',
                contentType: 'image/jpeg',
                size: 9 * 1024 * 1024,
                inline: false,
                kept: false,
              },
            ],
          }),
        ],
      }),
    );
    await fixture.whenStable();
    const mails = element.querySelectorAll('[data-testid=request-mail]');
    expect(mails).toHaveLength(2);
    expect(mails[1].textContent).toContain('Ответ клиента');
    expect(mails[1].querySelector('[data-testid=mail-text]')?.textContent).toBe(
      'Счёт получил, оплатим завтра',
    );
    const attachment = mails[1].querySelector('[data-testid=mail-attachment]')!;
    expect(attachment.querySelector('a')).toBeNull();
    expect(attachment.textContent).toContain('скан.jpg');
    expect(attachment.textContent).toContain('не сохранено');
  });

  it('shows nothing for a deal that came from no request (404)', async () => {
    http
      .expectOne('/api/inbox/requests/r1')
      .flush({ status: 404, title: 'Not found' }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(element.textContent?.trim()).toBe('');
  });

  it('offers a retry when Inbox could not answer', async () => {
    http.expectOne('/api/inbox/requests/r1').flush(null, { status: 503, statusText: 'Down' });
    await fixture.whenStable();
    expect(element.textContent).toContain('Не удалось загрузить запрос');
    element.querySelector('button')!.click();
    http.expectOne('/api/inbox/requests/r1').flush(inboxRequest('r1'));
    await fixture.whenStable();
    expect(element.textContent).toContain('Клиент r1');
  });
});
