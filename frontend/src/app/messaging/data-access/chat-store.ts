import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { EMPTY, Subject, catchError, firstValueFrom, switchMap } from 'rxjs';
import { SessionStore } from '../../identity';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { MessagingApi } from './messaging-api';
import {
  Channel,
  ChannelList,
  ChatMessageDeletedPush,
  ChatMessagePush,
  ChatReadPush,
} from './models';

/** The server counts unread messages up to 100 per channel and in all. */
const UNREAD_CAP = 100;

/** The latest active first, channels without messages last (as GET /channels orders them). */
function byActivity(channels: readonly Channel[]): Channel[] {
  return [...channels].sort((a, b) => {
    if (a.lastMessageAt === b.lastMessageAt) {
      return 0;
    }
    if (!a.lastMessageAt || !b.lastMessageAt) {
      return a.lastMessageAt ? -1 : 1;
    }
    return Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt);
  });
}

/**
 * The chat's channel list and unread counts (docs/messaging-api.md "Chat"), for the chat icon in
 * the navigation and the chat screen. Fed by GET /channels and the live pushes on the user's own
 * topic: `chatMessage` counts a colleague's message as unread (the writer's own moves their place,
 * so theirs reads 0), `chatRead` clears a channel read in another tab, `chatMessageDeleted` reads
 * the counts again (the deleted one may have been unread). A message arriving in the channel this
 * tab has open, while the tab is visible, is read at once; an open channel is read when the tab
 * comes back into view.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly api = inject(MessagingApi);
  private readonly hub = inject(CrmHub);
  private readonly session = inject(SessionStore);
  private readonly document = inject(DOCUMENT);

  private readonly channelsState = signal<readonly Channel[]>([]);
  private readonly activeState = signal<string | null>(null);
  readonly loaded = signal(false);
  readonly error = signal(false);

  readonly channels = this.channelsState.asReadonly();
  /** The channel open on this tab's chat screen, if any. */
  readonly active = this.activeState.asReadonly();
  readonly unread = computed(() =>
    Math.min(
      UNREAD_CAP,
      this.channelsState().reduce((sum, channel) => sum + channel.unread, 0),
    ),
  );
  /** The chat icon's badge: '' for none, 99+ past 99. */
  readonly badge = computed(() => badgeOf(this.unread()));

  /** A newer read of the list replaces an older one still on its way (switchMap). */
  private readonly loads = new Subject<void>();
  private stopFn: (() => void) | null = null;

  constructor() {
    const subscription = this.loads
      .pipe(
        switchMap(() =>
          this.api.channels().pipe(
            catchError((error: unknown) => {
              console.warn('Could not load the chat channels', error);
              this.error.set(true);
              return EMPTY;
            }),
          ),
        ),
      )
      .subscribe((list) => this.apply(list));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** Starts listening (the shell, once signed in) and reads the list; returns the way to stop. */
  start(): () => void {
    this.stopFn?.();
    const offs = [
      this.hub.on<ChatMessagePush>('chatMessage', (push) => this.arrived(push)),
      this.hub.on<ChatMessageDeletedPush>('chatMessageDeleted', () => this.load()),
      this.hub.on<ChatReadPush>('chatRead', (push) => this.cleared(push.channelId)),
      this.hub.onReconnected(() => this.load()),
      this.hub.connect(),
    ];
    const onVisibility = () => this.readActiveIfSeen();
    this.document.addEventListener('visibilitychange', onVisibility);
    this.load();
    this.stopFn = () => {
      offs.forEach((off) => off());
      this.document.removeEventListener('visibilitychange', onVisibility);
      this.stopFn = null;
    };
    return this.stopFn;
  }

  /** Reads the list and its counts again. */
  load(): void {
    this.loads.next();
  }

  channel(id: string | null): Channel | null {
    return (id && this.channelsState().find((channel) => channel.id === id)) || null;
  }

  /**
   * The chat screen opened `channelId` in this tab (null: none open): it is read now if the tab
   * is in view, and so are the messages that arrive in it while it stays open.
   */
  open(channelId: string | null): void {
    this.activeState.set(channelId);
    if (channelId && this.seen()) {
      void this.markRead(channelId);
    }
  }

  /** Marks a channel read (at once here, then on the server, whose answer has every count). */
  async markRead(channelId: string): Promise<void> {
    this.cleared(channelId);
    try {
      this.apply(await firstValueFrom(this.api.readChannel(channelId)));
    } catch (error) {
      console.warn('Could not mark the channel read', error);
      this.load();
    }
  }

  private apply(list: ChannelList): void {
    this.channelsState.set(list.items);
    this.loaded.set(true);
    this.error.set(false);
  }

  private arrived(push: ChatMessagePush): void {
    if (!this.channel(push.channelId)) {
      // A channel new to this tab: a private one someone added us to, a colleague's first word.
      this.load();
      return;
    }
    const mine = push.message.authorId === this.session.me()?.id;
    const reading = push.channelId === this.activeState() && this.seen();
    this.channelsState.update((channels) =>
      byActivity(
        channels.map((channel) =>
          channel.id !== push.channelId
            ? channel
            : {
                ...channel,
                lastMessageAt: push.message.createdAt,
                unread: mine || reading ? 0 : Math.min(UNREAD_CAP, channel.unread + 1),
              },
        ),
      ),
    );
    if (reading && !mine) {
      void this.markRead(push.channelId);
    }
  }

  private cleared(channelId: string): void {
    this.channelsState.update((channels) =>
      channels.map((channel) =>
        channel.id === channelId && channel.unread ? { ...channel, unread: 0 } : channel,
      ),
    );
  }

  private readActiveIfSeen(): void {
    const active = this.activeState();
    if (active && this.seen() && (this.channel(active)?.unread ?? 0) > 0) {
      void this.markRead(active);
    }
  }

  private seen(): boolean {
    return this.document.visibilityState !== 'hidden';
  }
}

/** '' for none, the number up to 99, then 99+. */
export function badgeOf(count: number): string {
  return count <= 0 ? '' : count > 99 ? '99+' : String(count);
}
