import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { me, signedInAs } from '../../identity/testing/session';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { ChatStore } from './chat-store';
import { channel, message } from '../testing/chat';

describe('ChatStore', () => {
  let http: HttpTestingController;
  let hub: FakeCrmHub;
  let store: ChatStore;
  let stop: () => void;
  let visibility: DocumentVisibilityState;

  const unreadOf = (id: string) => store.channels().find((c) => c.id === id)?.unread;
  const listRequest = () => http.expectOne('/api/messaging/channels');
  const readRequest = (id: string) =>
    http.expectOne((r) => r.method === 'POST' && r.url === `/api/messaging/channels/${id}/read`);

  beforeEach(() => {
    visibility = 'visible';
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => visibility,
    });
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeCrmHub(),
        signedInAs(me('u1', 'Manager')),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    store = TestBed.inject(ChatStore);
    stop = store.start();
  });

  afterEach(() => {
    stop();
    http.verify();
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('counts colleagues’ messages as they arrive, the latest active channel first, 99+ past 99', () => {
    listRequest().flush({
      items: [channel('c1', { unread: 2 }), channel('c2', { lastMessageAt: null })],
      unread: 2,
    });
    expect(store.unread()).toBe(2);
    expect(store.badge()).toBe('2');

    hub.emit('chatMessage', {
      channelId: 'c2',
      message: message('m1', { channelId: 'c2', createdAt: '2026-03-02T09:00:00Z' }),
      deals: {},
    });
    expect(store.channels().map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(unreadOf('c2')).toBe(1);
    expect(store.badge()).toBe('3');

    // One's own message moves one's place in the channel: nothing there is unread.
    hub.emit('chatMessage', {
      channelId: 'c1',
      message: message('m2', { authorId: 'u1', createdAt: '2026-03-02T10:00:00Z' }),
      deals: {},
    });
    expect(unreadOf('c1')).toBe(0);
    expect(store.channels()[0].id).toBe('c1');
    expect(store.badge()).toBe('1');

    for (let i = 0; i < 120; i++) {
      hub.emit('chatMessage', { channelId: 'c2', message: message(`x${i}`), deals: {} });
    }
    expect(unreadOf('c2')).toBe(100);
    expect(store.unread()).toBe(100);
    expect(store.badge()).toBe('99+');
  });

  it('clears a channel read here or in another tab, and reads the open one as messages arrive', () => {
    listRequest().flush({
      items: [channel('c1', { unread: 3 }), channel('c2', { unread: 1 })],
      unread: 4,
    });

    // Read in another tab of the same user.
    hub.emit('chatRead', { channelId: 'c2' });
    expect(unreadOf('c2')).toBe(0);
    expect(store.badge()).toBe('3');

    // Opened here: cleared at once, then the server's counts.
    store.open('c1');
    expect(store.badge()).toBe('');
    readRequest('c1').flush({ items: [channel('c1'), channel('c2')], unread: 0 });

    // A colleague writes in the open channel while the tab is in view: read at once.
    hub.emit('chatMessage', { channelId: 'c1', message: message('m1'), deals: {} });
    expect(unreadOf('c1')).toBe(0);
    readRequest('c1').flush({ items: [channel('c1'), channel('c2')], unread: 0 });

    // In another channel it counts.
    hub.emit('chatMessage', {
      channelId: 'c2',
      message: message('m2', { channelId: 'c2' }),
      deals: {},
    });
    expect(store.badge()).toBe('1');
  });

  it('counts the open channel while the tab is hidden, and reads it when the tab comes back', () => {
    listRequest().flush({ items: [channel('c1')], unread: 0 });
    store.open('c1');
    readRequest('c1').flush({ items: [channel('c1')], unread: 0 });

    visibility = 'hidden';
    hub.emit('chatMessage', { channelId: 'c1', message: message('m1'), deals: {} });
    expect(store.badge()).toBe('1');

    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(store.badge()).toBe('');
    readRequest('c1').flush({ items: [channel('c1')], unread: 0 });

    // Left the chat: new messages count again.
    store.open(null);
    hub.emit('chatMessage', { channelId: 'c1', message: message('m2'), deals: {} });
    expect(store.badge()).toBe('1');
  });

  it('reads the list again for a channel it does not know, a deleted message and a reconnect', () => {
    listRequest().flush({ items: [channel('c1')], unread: 0 });

    hub.emit('chatMessage', {
      channelId: 'c9',
      message: message('m1', { channelId: 'c9' }),
      deals: {},
    });
    listRequest().flush({
      items: [channel('c9', { kind: 'private', name: 'Тендер', unread: 1 }), channel('c1')],
      unread: 1,
    });
    expect(store.channel('c9')?.name).toBe('Тендер');
    expect(store.badge()).toBe('1');

    hub.emit('chatMessageDeleted', { channelId: 'c9', messageId: 'm1' });
    listRequest().flush({ items: [channel('c9', { kind: 'private' }), channel('c1')], unread: 0 });
    expect(store.badge()).toBe('');

    hub.reconnect();
    listRequest().flush({ items: [channel('c1', { unread: 5 })], unread: 5 });
    expect(store.badge()).toBe('5');
  });
});
