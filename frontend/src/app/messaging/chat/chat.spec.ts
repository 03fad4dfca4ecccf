import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { me, signedInAs } from '../../identity/testing/session';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { ChatStore } from '../data-access/chat-store';
import { ChatMessage, ChatMessagePage } from '../data-access/models';
import { channel, message } from '../testing/chat';
import { Chat } from './chat';

@Component({ template: '' })
class Blank {}

const DEAL = '0193a000-0000-7000-8000-0000000000d1';
const users = [
  { id: 'u1', email: 'a@crm.local', displayName: 'Анна Петрова', role: 'Manager', isActive: true },
  { id: 'u2', email: 'b@crm.local', displayName: 'Борис Смирнов', role: 'Manager', isActive: true },
];

function page(
  newestFirst: ChatMessage[],
  overrides: Partial<ChatMessagePage> = {},
): ChatMessagePage {
  return {
    items: newestFirst,
    nextCursor: null,
    names: { u1: 'Анна Петрова', u2: 'Борис Смирнов' },
    deals: {},
    ...overrides,
  };
}

describe('Chat', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let hub: FakeCrmHub;
  let stop: () => void;

  const root = () => harness.routeNativeElement!;
  const texts = () =>
    [...root().querySelectorAll('[data-testid="chat-message-text"]')].map((x) => x.textContent);
  const badges = () =>
    [...root().querySelectorAll('[data-testid="chat-channel"]')].map((a) => [
      a.querySelector('.channel-name')?.textContent?.trim(),
      a.querySelector('[data-testid="channel-unread"]')?.textContent?.trim() ?? '',
    ]);
  const messagesRequest = (id: string, after?: string) =>
    http.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === `/api/messaging/channels/${id}/messages` &&
        r.params.get('after') === (after ?? null),
    );
  const readRequest = (id: string) =>
    http.expectOne((r) => r.method === 'POST' && r.url === `/api/messaging/channels/${id}/read`);

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'chat', component: Chat },
          { path: '**', component: Blank },
        ]),
        provideFakeCrmHub(),
        signedInAs(me('u1', 'Manager')),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    stop = TestBed.inject(ChatStore).start();
    http.expectOne('/api/messaging/channels').flush({
      items: [
        channel('c1', { name: 'Отдел продаж', unread: 2 }),
        channel('c2', { kind: 'direct', name: 'Борис Смирнов', userId: 'u2', unread: 0 }),
      ],
      unread: 2,
    });
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    stop();
    http.verify();
  });

  async function open(url: string): Promise<void> {
    await harness.navigateByUrl(url);
    http.match('/api/identity/users').forEach((r) => r.flush(users));
    await settle(harness.fixture);
  }

  it('lists the channels with their unread badges and asks to pick one', async () => {
    await open('/chat');
    expect(badges()).toEqual([
      ['Отдел продаж', '2'],
      ['Борис Смирнов', ''],
    ]);
    expect(root().textContent).toContain('Выберите канал слева или напишите коллеге');
  });

  it('opens ?channel=, newest at the bottom, reads it, and loads older pages', async () => {
    await open('/chat?channel=c1');
    readRequest('c1').flush({
      items: [channel('c1', { name: 'Отдел продаж' }), channel('c2', { kind: 'direct' })],
      unread: 0,
    });
    messagesRequest('c1').flush(
      page([message('m3', { text: 'Третье' }), message('m2', { text: 'Второе', authorId: 'u1' })], {
        nextCursor: 'k1',
      }),
    );
    await settle(harness.fixture);
    expect(root().querySelector('[data-testid="chat-room-name"]')?.textContent).toBe(
      'Отдел продаж',
    );
    expect(texts()).toEqual(['Второе', 'Третье']);
    expect(badges()[0]).toEqual(['Отдел продаж', '']);
    // Only one's own messages have the menu for edit and delete.
    const menus = [...root().querySelectorAll('[data-testid="chat-message"]')].map(
      (li) => !!li.querySelector('.message-menu'),
    );
    expect(menus).toEqual([true, false]);

    root().querySelector<HTMLButtonElement>('[data-testid="chat-older"]')!.click();
    messagesRequest('c1', 'k1').flush(page([message('m1', { text: 'Первое' })]));
    await settle(harness.fixture);
    expect(texts()).toEqual(['Первое', 'Второе', 'Третье']);
    expect(root().querySelector('[data-testid="chat-older"]')).toBeNull();
  });

  it('keeps a message pushed while the first page was on its way', async () => {
    await open('/chat?channel=c1');
    readRequest('c1').flush({ items: [channel('c1'), channel('c2')], unread: 0 });
    hub.emit('chatMessage', {
      channelId: 'c1',
      message: message('m9', { text: 'Только что', createdAt: '2026-03-01T12:09:00Z' }),
      deals: {},
    });
    readRequest('c1').flush({ items: [channel('c1'), channel('c2')], unread: 0 });
    messagesRequest('c1').flush(page([message('m1', { text: 'Раньше' })]));
    await settle(harness.fixture);
    expect(texts()).toEqual(['Раньше', 'Только что']);
  });

  it('shows a deal’s link by its name opening the card, other links as links, HTML as text', async () => {
    await open('/chat?channel=c2');
    readRequest('c2').flush({ items: [channel('c1'), channel('c2')], unread: 0 });
    const text = `Смотри https://crm.example.ru/deals/${DEAL} и <img src=x onerror=alert(1)><script>alert(2)</script>\nhttps://example.ru/x`;
    messagesRequest('c2').flush(
      page([message('m1', { channelId: 'c2', text })], { deals: { [DEAL]: 'Кресла 20 шт' } }),
    );
    await settle(harness.fixture);
    const body = root().querySelector('[data-testid="chat-message-text"]')!;
    expect(body.querySelector('img, script')).toBeNull();
    expect(body.textContent).toBe(
      'Смотри Кресла 20 шт и <img src=x onerror=alert(1)><script>alert(2)</script>\nhttps://example.ru/x',
    );
    const links = [...body.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Кресла 20 шт', `/deals/${DEAL}`],
      ['https://example.ru/x', 'https://example.ru/x'],
    ]);
    expect(links[0].getAttribute('target')).toBeNull();
    expect(links[1].getAttribute('rel')).toContain('noopener');
  });

  it('sends on Enter (Shift+Enter is a new line) and follows live messages, edits and deletes', async () => {
    await open('/chat?channel=c1');
    readRequest('c1').flush({ items: [channel('c1'), channel('c2')], unread: 0 });
    messagesRequest('c1').flush(page([message('m1', { text: 'Привет' })]));
    await settle(harness.fixture);

    const box = root().querySelector<HTMLTextAreaElement>('[data-testid="chat-composer"]')!;
    box.value = 'Первая строка';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true }));
    http.expectNone('/api/messaging/channels/c1/messages');
    box.value = 'Первая строка\nвторая';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    const post = http.expectOne(
      (r) => r.method === 'POST' && r.url === '/api/messaging/channels/c1/messages',
    );
    expect(post.request.body).toEqual({ text: 'Первая строка\nвторая' });
    const mine = message('m2', {
      authorId: 'u1',
      text: 'Первая строка\nвторая',
      createdAt: '2026-03-01T12:01:00Z',
    });
    post.flush(mine);
    await settle(harness.fixture);
    // The push of one's own message does not show it twice.
    hub.emit('chatMessage', { channelId: 'c1', message: mine, deals: {} });
    await settle(harness.fixture);
    expect(texts()).toEqual(['Привет', 'Первая строка\nвторая']);
    expect(box.value).toBe('');

    // A colleague's message arrives; one in another channel does not show here.
    hub.emit('chatMessage', {
      channelId: 'c1',
      message: message('m3', { text: 'Ответ', createdAt: '2026-03-01T12:02:00Z' }),
      deals: {},
    });
    readRequest('c1').flush({ items: [channel('c1'), channel('c2')], unread: 0 });
    hub.emit('chatMessage', {
      channelId: 'c2',
      message: message('x1', { channelId: 'c2', text: 'Не здесь' }),
      deals: {},
    });
    await settle(harness.fixture);
    expect(texts()).toEqual(['Привет', 'Первая строка\nвторая', 'Ответ']);

    hub.emit('chatMessageChanged', {
      channelId: 'c1',
      message: message('m3', {
        version: 2,
        text: 'Ответ (исправлено)',
        editedAt: '2026-03-01T12:03:00Z',
      }),
      deals: {},
    });
    hub.emit('chatMessageDeleted', { channelId: 'c1', messageId: 'm1' });
    // The store reads the counts again (the deleted one may have been unread).
    http
      .expectOne('/api/messaging/channels')
      .flush({ items: [channel('c1'), channel('c2')], unread: 0 });
    await settle(harness.fixture);
    expect(texts()).toEqual(['Первая строка\nвторая', 'Ответ (исправлено)']);
    expect(root().querySelectorAll('.edited').length).toBe(1);
  });

  it('edits one’s own message in place: Enter saves with the version, Esc cancels', async () => {
    await open('/chat?channel=c1');
    readRequest('c1').flush({ items: [channel('c1'), channel('c2')], unread: 0 });
    messagesRequest('c1').flush(
      page([message('m1', { authorId: 'u1', text: 'Было', version: 3 })]),
    );
    await settle(harness.fixture);

    root().querySelector<HTMLButtonElement>('.message-menu')!.click();
    await settle(harness.fixture);
    const edit = [...document.querySelectorAll<HTMLButtonElement>('[mat-menu-item]')].find((b) =>
      b.textContent?.includes('Изменить'),
    )!;
    edit.click();
    await settle(harness.fixture);
    let box = root().querySelector<HTMLTextAreaElement>('[data-testid="chat-edit"]')!;
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle(harness.fixture);
    expect(root().querySelector('[data-testid="chat-edit"]')).toBeNull();

    root().querySelector<HTMLButtonElement>('.message-menu')!.click();
    await settle(harness.fixture);
    [...document.querySelectorAll<HTMLButtonElement>('[mat-menu-item]')]
      .find((b) => b.textContent?.includes('Изменить'))!
      .click();
    await settle(harness.fixture);
    box = root().querySelector<HTMLTextAreaElement>('[data-testid="chat-edit"]')!;
    box.value = 'Стало';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    const put = http.expectOne('/api/messaging/messages/m1');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ text: 'Стало', version: 3 });
    put.flush(
      message('m1', {
        authorId: 'u1',
        text: 'Стало',
        version: 4,
        editedAt: '2026-03-01T12:05:00Z',
      }),
    );
    await settle(harness.fixture);
    expect(texts()).toEqual(['Стало']);
  });
});
