import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Subject, catchError, firstValueFrom, map, merge, of, switchMap } from 'rxjs';
import { PeopleStore, SessionStore } from '../../identity';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { ChatStore, badgeOf } from '../data-access/chat-store';
import { ChatPart, chatParts } from '../data-access/chat-text';
import { MessagingApi } from '../data-access/messaging-api';
import {
  Channel,
  ChannelKind,
  ChatMessage,
  ChatMessageDeletedPush,
  ChatMessagePage,
  ChatMessagePush,
} from '../data-access/models';
import { DirectDialog } from './direct-dialog';
import { NewChannelDialog } from './new-channel-dialog';

interface Shown {
  readonly message: ChatMessage;
  readonly author: string;
  readonly when: string;
  readonly parts: ChatPart[];
  readonly mine: boolean;
}

type PageAnswer =
  { page: ChatMessagePage; error?: undefined } | { page?: undefined; error: unknown };

/** How close to the bottom (px) still counts as reading the latest: new ones scroll into view. */
const NEAR_BOTTOM = 80;
/** How close to the top (px) loads the older page. */
const NEAR_TOP = 120;

export const CHANNEL_ICONS: Readonly<Record<ChannelKind, string>> = {
  public: 'tag',
  private: 'lock',
  direct: 'person',
};

/**
 * The team chat at /chat (docs/messaging-api.md "Chat"): on the left the channels and direct
 * conversations (the latest active first, unread badges), «Создать канал» and «Написать коллеге»;
 * on the right the open channel (`?channel=<id>`): messages newest at the bottom, older pages as
 * one scrolls up, a composer (Enter sends, Shift+Enter breaks the line), edit and delete of one's
 * own. Texts are plain text, links clickable, a deal's link shown by the deal's name. Live: the
 * open channel's messages, edits and deletes arrive on the user's own topic.
 */
@Component({
  selector: 'app-chat',
  imports: [
    NgTemplateOutlet,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    TranslatePipe,
  ],
  templateUrl: './chat.html',
  styleUrl: './chat.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Chat {
  protected readonly store = inject(ChatStore);
  private readonly api = inject(MessagingApi);
  private readonly hub = inject(CrmHub);
  private readonly dialog = inject(MatDialog);
  private readonly confirmation = inject(Confirmation);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  protected readonly i18n = inject(I18n);
  private readonly people = inject(PeopleStore);
  private readonly session = inject(SessionStore);
  private readonly scroller = viewChild<ElementRef<HTMLElement>>('scroller');
  private readonly composer = viewChild<ElementRef<HTMLTextAreaElement>>('composer');
  private readonly editBox = viewChild<ElementRef<HTMLTextAreaElement>>('editBox');

  protected readonly icons = CHANNEL_ICONS;
  protected readonly kindLabels: Readonly<Record<ChannelKind, TranslationKey>> = {
    public: 'chat.kindPublic',
    private: 'chat.kindPrivate',
    direct: 'chat.kindDirect',
  };
  protected readonly channelId = toSignal(
    inject(ActivatedRoute).queryParamMap.pipe(map((params) => params.get('channel'))),
    { initialValue: null },
  );
  protected readonly channel = computed<Channel | null>(() => this.store.channel(this.channelId()));

  /** The open channel's messages, oldest first (the page answers newest first). */
  private readonly messages = signal<readonly ChatMessage[]>([]);
  private readonly names = signal<Record<string, string>>({});
  private readonly deals = signal<Record<string, string>>({});
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loaded = signal(false);
  protected readonly loadingOlder = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly draft = signal('');
  protected readonly sending = signal(false);
  protected readonly sendError = signal<string | null>(null);
  protected readonly editingId = signal<string | null>(null);
  protected readonly editText = signal('');

  protected readonly shown = computed(() => this.messages().map((m) => this.show(m)));

  /** The first page of a channel read again: a new channel picked, or a reconnect. */
  private readonly reloads = new Subject<void>();

  constructor() {
    void this.people.ensureLoaded();
    merge(toObservable(this.channelId), this.reloads.pipe(map(() => this.channelId())))
      .pipe(
        switchMap((id) => {
          if (!id) {
            return of(null);
          }
          return this.api.messages(id).pipe(
            map((page): PageAnswer => ({ page })),
            catchError((error: unknown) => of<PageAnswer>({ error })),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((answer) => {
        if (!answer) {
          return;
        }
        if (answer.page) {
          const items = [...answer.page.items].reverse();
          // Messages pushed or sent while the page was on its way, newer than its newest, stay.
          const newest = items.length ? Date.parse(items[items.length - 1].createdAt) : -Infinity;
          const ids = new Set(items.map((m) => m.id));
          const since = this.messages().filter(
            (m) => !ids.has(m.id) && Date.parse(m.createdAt) > newest,
          );
          this.messages.set([...items, ...since]);
          this.names.set({ ...answer.page.names });
          this.deals.set({ ...answer.page.deals });
          this.nextCursor.set(answer.page.nextCursor);
          this.error.set(null);
          this.loaded.set(true);
          this.afterRender(() => this.toBottom());
        } else {
          this.error.set(problemMessage(answer.error, this.i18n));
        }
      });

    // A new channel: forget the last one's messages, tell the store which one this tab reads.
    effect(() => {
      const id = this.channelId();
      untracked(() => {
        this.messages.set([]);
        this.nextCursor.set(null);
        this.loaded.set(false);
        this.error.set(null);
        this.editingId.set(null);
        this.sendError.set(null);
        this.store.open(id);
        if (id && !this.store.channel(id) && this.store.loaded()) {
          // Opened by a link before the list knew it (a channel made a moment ago).
          this.store.load();
        }
      });
    });

    const offs = [
      this.hub.on<ChatMessagePush>('chatMessage', (push) => this.arrived(push)),
      this.hub.on<ChatMessagePush>('chatMessageChanged', (push) => this.changed(push)),
      this.hub.on<ChatMessageDeletedPush>('chatMessageDeleted', (push) => {
        if (push.channelId === this.channelId()) {
          this.messages.update((list) => list.filter((m) => m.id !== push.messageId));
        }
      }),
      this.hub.onReconnected(() => this.reloads.next()),
      this.hub.connect(),
    ];
    inject(DestroyRef).onDestroy(() => {
      offs.forEach((off) => off());
      this.store.open(null);
    });
  }

  protected badge(channel: Channel): string {
    return badgeOf(channel.unread);
  }

  protected select(channel: Channel): void {
    void this.router.navigate(['/chat'], { queryParams: { channel: channel.id } });
  }

  protected back(): void {
    void this.router.navigate(['/chat']);
  }

  protected async createChannel(): Promise<void> {
    const created = await firstValueFrom(
      this.dialog
        .open<NewChannelDialog, unknown, Channel>(NewChannelDialog, { width: '480px' })
        .afterClosed(),
    );
    if (created) {
      this.store.load();
      this.select(created);
    }
  }

  protected async writeColleague(): Promise<void> {
    const channel = await firstValueFrom(
      this.dialog
        .open<DirectDialog, unknown, Channel>(DirectDialog, { width: '420px' })
        .afterClosed(),
    );
    if (channel) {
      this.store.load();
      this.select(channel);
    }
  }

  protected onScroll(): void {
    const box = this.scroller()?.nativeElement;
    if (box && box.scrollTop < NEAR_TOP) {
      void this.older();
    }
  }

  /** The page before the oldest shown, kept in place on screen (the view does not jump). */
  protected async older(): Promise<void> {
    const id = this.channelId();
    const after = this.nextCursor();
    if (!id || !after || this.loadingOlder()) {
      return;
    }
    this.loadingOlder.set(true);
    try {
      const page = await firstValueFrom(this.api.messages(id, after));
      if (id !== this.channelId()) {
        return;
      }
      const box = this.scroller()?.nativeElement;
      const fromBottom = box ? box.scrollHeight - box.scrollTop : 0;
      const known = new Set(this.messages().map((m) => m.id));
      const older = [...page.items].reverse().filter((m) => !known.has(m.id));
      this.messages.update((list) => [...older, ...list]);
      this.names.update((names) => ({ ...names, ...page.names }));
      this.deals.update((deals) => ({ ...deals, ...page.deals }));
      this.nextCursor.set(page.nextCursor);
      this.afterRender(() => {
        if (box) {
          box.scrollTop = box.scrollHeight - fromBottom;
        }
      });
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    } finally {
      this.loadingOlder.set(false);
    }
  }

  protected onComposerKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.send();
    }
  }

  protected async send(): Promise<void> {
    const id = this.channelId();
    const text = this.draft().trim();
    if (!id || !text || this.sending()) {
      return;
    }
    this.sending.set(true);
    this.sendError.set(null);
    try {
      const message = await firstValueFrom(this.api.post(id, text));
      this.draft.set('');
      const box = this.composer()?.nativeElement;
      if (box) {
        box.value = '';
      }
      if (id === this.channelId()) {
        this.put(message);
        this.afterRender(() => this.toBottom());
      }
    } catch (error) {
      this.sendError.set(problemMessage(error, this.i18n));
    } finally {
      this.sending.set(false);
    }
  }

  protected startEdit(message: ChatMessage): void {
    this.editingId.set(message.id);
    this.editText.set(message.text);
    this.afterRender(() => this.editBox()?.nativeElement.focus());
  }

  protected onEditKey(event: KeyboardEvent, message: ChatMessage): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.editingId.set(null);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.saveEdit(message);
    }
  }

  protected async saveEdit(message: ChatMessage): Promise<void> {
    const text = this.editText().trim();
    if (!text) {
      return;
    }
    try {
      this.put(await firstValueFrom(this.api.editMessage(message, text)));
      this.editingId.set(null);
      this.error.set(null);
    } catch (error) {
      this.error.set(this.i18n.t('chat.failed', { message: problemMessage(error, this.i18n) }));
    }
  }

  protected async remove(message: ChatMessage): Promise<void> {
    const ok = await this.confirmation.ask({
      title: this.i18n.t('chat.delete'),
      message: this.i18n.t('chat.deleteConfirm'),
      confirm: this.i18n.t('chat.delete'),
    });
    if (!ok) {
      return;
    }
    try {
      await firstValueFrom(this.api.deleteMessage(message.id));
      this.messages.update((list) => list.filter((m) => m.id !== message.id));
      this.error.set(null);
    } catch (error) {
      this.error.set(this.i18n.t('chat.failed', { message: problemMessage(error, this.i18n) }));
    }
  }

  protected retry(): void {
    this.error.set(null);
    this.reloads.next();
  }

  private arrived(push: ChatMessagePush): void {
    if (push.channelId !== this.channelId()) {
      return;
    }
    const box = this.scroller()?.nativeElement;
    const atBottom = !box || box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM;
    this.deals.update((deals) => ({ ...deals, ...push.deals }));
    this.put(push.message);
    if (atBottom || push.message.authorId === this.session.me()?.id) {
      this.afterRender(() => this.toBottom());
    }
  }

  private changed(push: ChatMessagePush): void {
    if (push.channelId !== this.channelId()) {
      return;
    }
    this.deals.update((deals) => ({ ...deals, ...push.deals }));
    if (this.messages().some((m) => m.id === push.message.id)) {
      this.put(push.message);
    }
  }

  /** Adds a message or replaces an older version of it, keeping the order by time. */
  private put(message: ChatMessage): void {
    this.messages.update((list) => {
      const at = list.findIndex((m) => m.id === message.id);
      if (at >= 0) {
        return list[at].version > message.version
          ? list
          : list.map((m, i) => (i === at ? message : m));
      }
      const next = [...list, message];
      return next.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    });
  }

  private toBottom(): void {
    const box = this.scroller()?.nativeElement;
    if (!box) {
      return;
    }
    box.scrollTop = box.scrollHeight;
    // A first page shorter than the view cannot be scrolled up: bring the older one now.
    if (box.clientHeight > 0 && box.scrollHeight <= box.clientHeight && this.nextCursor()) {
      void this.older();
    }
  }

  private afterRender(work: () => void): void {
    afterNextRender(work, { injector: this.injector });
  }

  private show(message: ChatMessage): Shown {
    return {
      message,
      author: this.names()[message.authorId] || this.people.nameOf(message.authorId),
      when: formatRelativeDateTime(message.createdAt, this.i18n),
      parts: chatParts(message.text, this.deals()),
      mine: message.authorId === this.session.me()?.id,
    };
  }
}
