import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { I18n } from '../../shared/i18n/i18n';
import { RequestMail } from '../data-access/models';
import { requestMail } from '../testing/fixtures';
import { RequestMails } from './request-mails';

describe('RequestMails (a mail request’s thread)', () => {
  let fixture: ComponentFixture<RequestMails>;
  let element: HTMLElement;

  async function show(mails: readonly RequestMail[], language: 'ru' | 'en' = 'ru'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [RequestMails],
      providers: [provideZonelessChangeDetection()],
    });
    const i18n = TestBed.inject(I18n);
    i18n.use(language);
    i18n.useTimeZone('Europe/Moscow');
    fixture = TestBed.createComponent(RequestMails);
    element = fixture.nativeElement;
    fixture.componentRef.setInput('requestId', 'r 1');
    fixture.componentRef.setInput('mails', mails);
    await fixture.whenStable();
  }

  afterEach(() => TestBed.inject(I18n).use('ru'));

  const items = () => [...element.querySelectorAll<HTMLElement>('[data-testid=request-mail]')];
  const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

  it('the first mail and the replies in the order given (oldest first), each with sender, subject, time and text', async () => {
    await show([
      requestMail('m1', {
        text: 'Нужны 20 кресел.\nПозвоните: 8 (343) 212-34-56',
        receivedAt: '2026-03-02T09:00:00Z',
      }),
      requestMail('m2', {
        kind: 'reply',
        fromName: null,
        fromAddress: 'ivan@example.com',
        subject: 'Re: Кресла в офис',
        text: 'И ещё 5 столов',
        receivedAt: '2026-03-03T07:30:00Z',
      }),
    ]);
    const [first, reply] = items();
    expect(text(element.querySelector('h3'))).toBe('Переписка');
    expect(text(first.querySelector('.kind'))).toBe('Письмо клиента');
    expect(text(first.querySelector('[data-testid=mail-from]'))).toBe(
      'Иван Петров <ivan@example.com>',
    );
    expect(text(first.querySelector('[data-testid=mail-subject]'))).toBe('Кресла в офис');
    expect(first.querySelector('[data-testid=mail-text]')?.textContent).toBe(
      'Нужны 20 кресел.\nПозвоните: 8 (343) 212-34-56',
    );
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-02T09:00:00Z');
    expect(first.querySelector('time')?.textContent).toContain('12:00');
    expect(reply.classList).toContain('reply');
    expect(text(reply.querySelector('.kind'))).toBe('Ответ клиента');
    expect(text(reply.querySelector('[data-testid=mail-from]'))).toBe('ivan@example.com');
    expect(text(reply.querySelector('[data-testid=mail-subject]'))).toBe('Re: Кресла в офис');
    expect(reply.querySelector('[data-testid=mail-text]')?.textContent).toBe('И ещё 5 столов');
  });

  it('a mail’s text and names are shown as text, never as HTML', async () => {
    await show([
      requestMail('m1', {
        fromName: '<b>Иван</b>',
        subject: '<img src=x onerror=alert(1)>',
        text: '<script>alert(1)</script><a href="javascript:alert(1)">жми</a>',
        attachments: [
          {
            id: 'a1',
            fileName: '<svg onload=alert(1)>.txt',
            contentType: 'text/plain',
            size: 10,
            inline: false,
            kept: true,
          },
        ],
      }),
    ]);
    expect(element.querySelector('script, b, img, svg, a[href^="javascript"]')).toBeNull();
    expect(element.querySelector('[data-testid=mail-text]')?.textContent).toBe(
      '<script>alert(1)</script><a href="javascript:alert(1)">жми</a>',
    );
    expect(text(element.querySelector('[data-testid=mail-from]'))).toBe(
      '<b>Иван</b> <ivan@example.com>',
    );
    expect(text(element.querySelector('[data-testid=mail-subject]'))).toBe(
      '<img src=x onerror=alert(1)>',
    );
    expect(text(element.querySelector('[data-testid=mail-attachment] a'))).toBe(
      '<svg onload=alert(1)>.txt',
    );
  });

  it('a kept attachment is a download link; one over the caps is named with its size and why', async () => {
    await show([
      requestMail('m1', {
        attachments: [
          {
            id: 'a/1',
            fileName: 'price.xlsx',
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            size: 48_213,
            inline: false,
            kept: true,
          },
          {
            id: 'a2',
            fileName: 'video.mp4',
            contentType: 'video/mp4',
            size: 6 * 1024 * 1024 + 300_000,
            inline: false,
            kept: false,
          },
        ],
      }),
    ]);
    const [kept, big] = [...element.querySelectorAll('[data-testid=mail-attachment]')];
    const link = kept.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('/api/inbox/requests/r%201/attachments/a%2F1');
    expect(link.hasAttribute('download')).toBe(true);
    expect(link.textContent).toBe('price.xlsx');
    expect(link.getAttribute('aria-label')?.replace(/\s/g, ' ')).toBe(
      'Скачать «price.xlsx» (47,1 кБ)',
    );
    expect(text(kept)?.replace(/\s/g, ' ')).toContain('47,1 кБ');
    expect(kept.textContent).not.toContain('не сохранено');

    expect(big.querySelector('a')).toBeNull();
    expect(big.classList).toContain('not-kept');
    expect(text(big.querySelector('.name'))).toBe('video.mp4');
    expect(big.querySelector('.size')?.textContent?.replace(/\s/g, ' ')).toBe('6,3 МБ');
    expect(big.querySelector('.why')?.textContent).toContain('не сохранено');
    expect(big.querySelector('.why')?.textContent).toContain('больше 5 МБ');
  });

  it('a mail without attachments lists none; without subject or sender says so; in English too', async () => {
    await show(
      [requestMail('m1', { subject: '', fromName: null, fromAddress: null, attachments: [] })],
      'en',
    );
    expect(element.querySelector('[data-testid=mail-attachment]')).toBeNull();
    expect(text(element.querySelector('[data-testid=mail-subject]'))).toBe('(no subject)');
    expect(text(element.querySelector('[data-testid=mail-from]'))).toBe('No sender given');
    expect(text(element.querySelector('h3'))).toBe('Mails');
  });
});
