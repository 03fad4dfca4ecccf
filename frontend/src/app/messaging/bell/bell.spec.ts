import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { settle } from '../../shared/testing/settle';
import { AppNotification } from '../data-access/models';
import { NotificationsStore } from '../data-access/notifications-store';
import { NotificationBell } from './bell';

@Component({ template: '' })
class Blank {}

function n(id: string, overrides: Partial<AppNotification> = {}): AppNotification {
  return {
    id,
    kind: 'mention',
    linkKind: 'deal',
    linkId: 'd1',
    data: { authorName: 'Ольга', subjectName: 'Кресла', text: 'Посмотри цену' },
    createdAt: '2026-03-01T10:00:00Z',
    readAt: null,
    ...overrides,
  };
}

describe('NotificationBell', () => {
  let fixture: ComponentFixture<NotificationBell>;
  let http: HttpTestingController;
  let hub: FakeCrmHub;
  let element: HTMLElement;
  let stop: () => void;

  const badge = () => element.querySelector('[data-testid="bell-badge"]')?.textContent?.trim();
  const panelItems = () => [...document.querySelectorAll<HTMLButtonElement>('.notification')];

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [NotificationBell],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        provideFakeCrmHub(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    stop = TestBed.inject(NotificationsStore).start();
    fixture = TestBed.createComponent(NotificationBell);
    element = fixture.nativeElement;
  });

  afterEach(() => {
    stop();
    http.verify();
  });

  it('counts the unread (99+ past 99) and follows `notification` pushes live', async () => {
    http
      .expectOne('/api/messaging/notifications')
      .flush({ items: [n('n1')], nextCursor: null, unread: 1 });
    await settle(fixture);
    expect(badge()).toBe('1');

    hub.emit('notification', {
      notification: n('n2', { kind: 'dealAssigned', data: { dealName: 'Столы' } }),
      unread: 2,
    });
    await settle(fixture);
    expect(badge()).toBe('2');

    hub.emit('notification', { notification: n('n3'), unread: 100 });
    await settle(fixture);
    expect(badge()).toBe('99+');

    element.querySelector<HTMLButtonElement>('[data-testid="bell"]')!.click();
    await settle(fixture);
    expect(panelItems().map((b) => b.querySelector('.line')?.textContent?.trim())).toEqual([
      'Ольга упомянул(а) вас в сделке «Кресла»',
      'Вам передана сделка «Столы»',
      'Ольга упомянул(а) вас в сделке «Кресла»',
    ]);
  });

  it('hears notices read without the user (a task since done): the count and the item', async () => {
    http.expectOne('/api/messaging/notifications').flush({
      items: [
        n('n1', { kind: 'taskReminder', data: { taskId: 't1', text: 'Позвонить' } }),
        n('n2'),
      ],
      nextCursor: null,
      unread: 2,
    });
    await settle(fixture);
    expect(badge()).toBe('2');

    hub.emit('notificationsRead', { ids: ['n1'], unread: 1 });
    await settle(fixture);
    expect(badge()).toBe('1');
    const items = TestBed.inject(NotificationsStore).items();
    expect(items.map((item) => !!item.readAt)).toEqual([true, false]);
  });

  it('a click marks it read and opens the deal; «Прочитать все» reads the rest', async () => {
    http.expectOne('/api/messaging/notifications').flush({
      items: [n('n1'), n('n2', { linkKind: 'contact', linkId: 'p1' })],
      nextCursor: null,
      unread: 2,
    });
    await settle(fixture);
    element.querySelector<HTMLButtonElement>('[data-testid="bell"]')!.click();
    await settle(fixture);
    expect(panelItems()[0].querySelector('.quote')?.textContent).toContain('Посмотри цену');
    panelItems()[0].click();
    const read = http.expectOne({ method: 'POST', url: '/api/messaging/notifications/read' });
    expect(read.request.body).toEqual({ ids: ['n1'] });
    read.flush({ unread: 1 });
    await settle(fixture);
    expect(TestBed.inject(Router).url).toBe('/deals/d1');
    expect(badge()).toBe('1');

    element.querySelector<HTMLButtonElement>('[data-testid="bell"]')!.click();
    await settle(fixture);
    const readAll = [...document.querySelectorAll<HTMLButtonElement>('.read-all')][0];
    expect(readAll.textContent?.trim()).toBe('Прочитать все');
    readAll.click();
    const all = http.expectOne({ method: 'POST', url: '/api/messaging/notifications/read' });
    expect(all.request.body).toEqual({ all: true });
    all.flush({ unread: 0 });
    await settle(fixture);
    expect(badge()).toBeUndefined();
  });

  it('shows a browser notification for a push only while the tab is hidden and allowed', async () => {
    http
      .expectOne('/api/messaging/notifications')
      .flush({ items: [], nextCursor: null, unread: 0 });
    const shown: { title: string; body?: string }[] = [];
    const original = (globalThis as { Notification?: unknown }).Notification;
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = vi.fn();
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body });
      }
      close(): void {}
    }
    (globalThis as { Notification?: unknown }).Notification = FakeNotification;
    const visibility = vi.spyOn(document, 'visibilityState', 'get');
    try {
      visibility.mockReturnValue('visible');
      hub.emit('notification', { notification: n('n1'), unread: 1 });
      expect(shown).toEqual([]);
      visibility.mockReturnValue('hidden');
      hub.emit('notification', { notification: n('n2'), unread: 2 });
      expect(shown).toEqual([
        { title: 'Ольга упомянул(а) вас в сделке «Кресла»', body: 'Посмотри цену' },
      ]);
      // Never asked on its own.
      expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    } finally {
      visibility.mockRestore();
      (globalThis as { Notification?: unknown }).Notification = original;
    }
  });
});
