import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { notificationLink, notificationQuote, notificationText } from './feed-words';
import { MessagingApi } from './messaging-api';
import { AppNotification, NotificationPush, NotificationsReadPush } from './models';

/**
 * The bell's state (docs/messaging-api.md "Notifications"): the user's notifications, newest
 * first, and the unread count (the server counts up to 100; the bell shows 99+). Live:
 * `notification` `{ notification, unread }` on the user's own topic; while the tab is hidden
 * and the user allowed it, a browser notification too. `notificationsRead` `{ ids, unread }`:
 * some were read without the user (a reminder of a task since done, moved or given away). Permission is asked only from the panel.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly api = inject(MessagingApi);
  private readonly hub = inject(CrmHub);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private readonly document = inject(DOCUMENT);

  private readonly itemsState = signal<readonly AppNotification[]>([]);
  private readonly unreadState = signal(0);
  readonly nextCursor = signal<string | null>(null);
  readonly loaded = signal(false);
  readonly error = signal(false);
  readonly items = this.itemsState.asReadonly();
  readonly unread = this.unreadState.asReadonly();
  readonly badge = computed(() => {
    const n = this.unreadState();
    return n <= 0 ? '' : n > 99 ? '99+' : String(n);
  });

  private stopFn: (() => void) | null = null;

  /** Starts listening (the shell, once signed in) and reads the first page; returns the way to stop. */
  start(): () => void {
    this.stopFn?.();
    const off = this.hub.on<NotificationPush>('notification', (push) => this.arrived(push));
    const offRead = this.hub.on<NotificationsReadPush>('notificationsRead', (push) =>
      this.readElsewhere(push),
    );
    const offReconnect = this.hub.onReconnected(() => void this.load());
    const disconnect = this.hub.connect();
    void this.load();
    this.stopFn = () => {
      off();
      offRead();
      offReconnect();
      disconnect();
      this.stopFn = null;
    };
    return this.stopFn;
  }

  async load(): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.notifications());
      this.itemsState.set(page.items);
      this.unreadState.set(page.unread);
      this.nextCursor.set(page.nextCursor);
      this.loaded.set(true);
      this.error.set(false);
    } catch (error) {
      console.warn('Could not load notifications', error);
      this.error.set(true);
    }
  }

  async more(): Promise<void> {
    const after = this.nextCursor();
    if (!after) {
      return;
    }
    try {
      const page = await firstValueFrom(this.api.notifications(after));
      const known = new Set(this.itemsState().map((n) => n.id));
      this.itemsState.update((items) => [...items, ...page.items.filter((n) => !known.has(n.id))]);
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      console.warn('Could not load notifications', error);
    }
  }

  text(n: AppNotification): string {
    return notificationText(n, this.i18n);
  }

  quote(n: AppNotification): string {
    return notificationQuote(n, this.i18n);
  }

  /** Marks it read (when unread) and opens what it is about. */
  async open(n: AppNotification): Promise<void> {
    if (!n.readAt) {
      this.itemsState.update((items) =>
        items.map((item) =>
          item.id === n.id ? { ...item, readAt: new Date().toISOString() } : item,
        ),
      );
      this.unreadState.update((count) => Math.max(0, count - 1));
      try {
        const answer = await firstValueFrom(this.api.markRead({ ids: [n.id] }));
        this.unreadState.set(answer.unread);
      } catch (error) {
        console.warn('Could not mark the notification read', error);
      }
    }
    const link = notificationLink(n);
    if (link) {
      await this.router.navigate(link.path, link.query ? { queryParams: link.query } : {});
    }
  }

  async readAll(): Promise<void> {
    const now = new Date().toISOString();
    this.itemsState.update((items) => items.map((n) => (n.readAt ? n : { ...n, readAt: now })));
    this.unreadState.set(0);
    try {
      const answer = await firstValueFrom(this.api.markRead({ all: true }));
      this.unreadState.set(answer.unread);
    } catch (error) {
      console.warn('Could not mark notifications read', error);
      void this.load();
    }
  }

  /** The browser can ask, and the user has not answered yet. */
  canAsk(): boolean {
    const view = this.document.defaultView;
    return !!view && 'Notification' in view && Notification.permission === 'default';
  }

  async askPermission(): Promise<void> {
    if (this.canAsk()) {
      await Notification.requestPermission();
    }
  }

  private arrived(push: NotificationPush): void {
    const n = push.notification;
    this.itemsState.update((items) => [n, ...items.filter((item) => item.id !== n.id)]);
    this.unreadState.set(push.unread);
    this.showInBrowser(n);
  }

  private readElsewhere(push: NotificationsReadPush): void {
    const ids = new Set(push.ids);
    const now = new Date().toISOString();
    this.itemsState.update((items) =>
      items.map((n) => (ids.has(n.id) && !n.readAt ? { ...n, readAt: now } : n)),
    );
    this.unreadState.set(push.unread);
  }

  private showInBrowser(n: AppNotification): void {
    const view = this.document.defaultView;
    if (
      !view ||
      this.document.visibilityState !== 'hidden' ||
      !('Notification' in view) ||
      Notification.permission !== 'granted'
    ) {
      return;
    }
    try {
      const shown = new Notification(this.text(n), {
        body: this.quote(n),
        // A redelivered push replaces the same notification instead of adding one.
        tag: `notification:${n.id}`,
      });
      shown.onclick = () => {
        view.focus();
        void this.open(n);
        shown.close();
      };
    } catch (error) {
      console.warn('Could not show a notification', error);
    }
  }
}
