import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { firstValueFrom } from 'rxjs';
import { PeopleStore, SessionStore } from '../../identity';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { RequestCards } from '../../inbox';
import {
  Fact,
  linkify,
  requestFacts,
  requestOf,
  systemDetail,
  systemText,
  TextPart,
} from '../data-access/feed-words';
import { MessagingApi } from '../data-access/messaging-api';
import { FeedChanged, FeedEntry, FeedFilter, FeedKind } from '../data-access/models';

interface Shown {
  readonly entry: FeedEntry;
  readonly author: string;
  readonly when: string;
  readonly parts: TextPart[];
  readonly detail: TextPart[];
  /** A request's entry: what the client sent, and the request whose card «Заявка» opens. */
  readonly facts: Fact[];
  readonly requestId: string | null;
  readonly to: string;
  readonly mine: boolean;
  readonly icon: string;
}

/**
 * «Лента» of a deal, company or contact card (docs/messaging-api.md "The feed"): newest first
 * with «Показать ещё», a filter, pinned entries on top, a composer for a note or a message
 * (`@` picks colleagues), edit/delete of one's own, pin/unpin. Texts are always shown as text.
 * While open it watches `feed:{kind}:{id}` and reads the first page again on `feedChanged`.
 */
@Component({
  selector: 'app-feed',
  imports: [
    FormsModule,
    NgTemplateOutlet,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatMenuModule,
    TranslatePipe,
  ],
  templateUrl: './feed.html',
  styleUrl: './feed.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Feed {
  readonly kind = input.required<FeedKind>();
  readonly id = input.required<string>();

  private readonly api = inject(MessagingApi);
  private readonly hub = inject(CrmHub);
  private readonly confirmation = inject(Confirmation);
  private readonly requests = inject(RequestCards);
  protected readonly i18n = inject(I18n);
  protected readonly people = inject(PeopleStore);
  private readonly session = inject(SessionStore);
  private readonly composerBox = viewChild<ElementRef<HTMLTextAreaElement>>('composerBox');

  protected readonly filter = signal<FeedFilter>('all');
  private readonly items = signal<readonly FeedEntry[]>([]);
  private readonly pinnedItems = signal<readonly FeedEntry[]>([]);
  private readonly names = signal<Record<string, string>>({});
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly mode = signal<'note' | 'message'>('note');
  protected readonly draft = signal('');
  protected readonly mentions = signal<readonly string[]>([]);
  protected readonly sending = signal(false);
  protected readonly composeError = signal<string | null>(null);
  /** The text typed after `@` before the caret; null while no picker is open. */
  protected readonly mentionQuery = signal<string | null>(null);
  protected readonly editingId = signal<string | null>(null);
  protected readonly editText = signal('');

  /** Each load gets a number: an older answer arriving late is dropped. */
  private loadSeq = 0;

  protected readonly pinned = computed(() => this.pinnedItems().map((e) => this.show(e)));
  /** Pinned entries show on top only; the list below leaves them out. */
  protected readonly entries = computed(() => {
    const pinnedIds = new Set(this.pinnedItems().map((e) => e.id));
    return this.items()
      .filter((e) => !pinnedIds.has(e.id))
      .map((e) => this.show(e));
  });
  protected readonly candidates = computed(() => {
    const query = this.mentionQuery();
    if (query === null) {
      return [];
    }
    const me = this.session.me()?.id;
    const q = query.toLocaleLowerCase();
    return this.people
      .active()
      .filter((u) => u.id !== me && u.displayName.toLocaleLowerCase().includes(q))
      .slice(0, 8);
  });
  protected readonly mentionNames = computed(() =>
    this.mentions().map((id) => ({ id, name: this.people.nameOf(id) || id })),
  );

  constructor() {
    void this.people.ensureLoaded();
    effect((onCleanup) => {
      const kind = this.kind();
      const id = this.id();
      // The watch first; read again when it is put in place after the read (CrmHub's catch-up).
      const unwatch = this.hub.watch(`feed:${kind}:${id}`, () => void this.reload());
      untracked(() => {
        this.items.set([]);
        this.pinnedItems.set([]);
        this.loaded.set(false);
        void this.reload();
      });
      const off = this.hub.on<FeedChanged>('feedChanged', (changed) => {
        if (changed.kind === this.kind() && changed.id === this.id()) {
          void this.reload();
        }
      });
      onCleanup(() => {
        unwatch();
        off();
      });
    });
    inject(DestroyRef).onDestroy(() => this.loadSeq++);
  }

  /** Reads the first page again (a change, a filter, a reconnect). */
  async reload(): Promise<void> {
    const seq = ++this.loadSeq;
    this.loading.set(true);
    try {
      const page = await firstValueFrom(this.api.feed(this.kind(), this.id(), this.filter()));
      if (seq !== this.loadSeq) {
        return;
      }
      this.items.set(page.items);
      this.pinnedItems.set(page.pinned ?? []);
      this.names.set({ ...page.names });
      this.nextCursor.set(page.nextCursor);
      this.error.set(null);
      this.loaded.set(true);
    } catch (error) {
      if (seq === this.loadSeq) {
        this.error.set(problemMessage(error, this.i18n));
      }
    } finally {
      if (seq === this.loadSeq) {
        this.loading.set(false);
      }
    }
  }

  protected async more(): Promise<void> {
    const after = this.nextCursor();
    if (!after || this.loading()) {
      return;
    }
    const seq = this.loadSeq;
    this.loading.set(true);
    try {
      const page = await firstValueFrom(
        this.api.feed(this.kind(), this.id(), this.filter(), after),
      );
      if (seq !== this.loadSeq) {
        return;
      }
      const known = new Set(this.items().map((e) => e.id));
      this.items.update((items) => [...items, ...page.items.filter((e) => !known.has(e.id))]);
      this.names.update((names) => ({ ...names, ...page.names }));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    } finally {
      if (seq === this.loadSeq) {
        this.loading.set(false);
      }
    }
  }

  protected setFilter(filter: FeedFilter): void {
    this.filter.set(filter);
    void this.reload();
  }

  protected setMode(mode: 'note' | 'message'): void {
    this.mode.set(mode);
    this.composeError.set(null);
  }

  protected onInput(box: HTMLTextAreaElement): void {
    this.draft.set(box.value);
    const before = box.value.slice(0, box.selectionStart ?? box.value.length);
    const match = /(?:^|\s)@([^\s@]*)$/u.exec(before);
    this.mentionQuery.set(match ? match[1] : null);
  }

  protected onComposerKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.mentionQuery() !== null) {
      event.preventDefault();
      this.mentionQuery.set(null);
    } else if (event.key === 'Enter' && this.mentionQuery() !== null && this.candidates().length) {
      event.preventDefault();
      this.pick(this.candidates()[0].id, this.candidates()[0].displayName);
    } else if (event.key === 'Enter' && event.ctrlKey) {
      event.preventDefault();
      void this.send();
    }
  }

  /** A colleague picked after `@`: their name replaces what was typed, and it becomes a message. */
  protected pick(userId: string, name: string): void {
    const box = this.composerBox()?.nativeElement;
    const text = this.draft();
    const caret = box?.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(/@([^\s@]*)$/u, `@${name} `);
    const next = before + text.slice(caret);
    this.draft.set(next);
    if (!this.mentions().includes(userId)) {
      this.mentions.update((ids) => [...ids, userId]);
    }
    this.mode.set('message');
    this.mentionQuery.set(null);
    this.composeError.set(null);
    if (box) {
      box.value = next;
      box.focus();
      box.setSelectionRange(before.length, before.length);
    }
  }

  protected unmention(userId: string): void {
    this.mentions.update((ids) => ids.filter((id) => id !== userId));
  }

  protected async send(): Promise<void> {
    const text = this.draft().trim();
    if (!text || this.sending()) {
      return;
    }
    const type = this.mode();
    if (type === 'message' && this.mentions().length === 0) {
      this.composeError.set(this.i18n.t('lenta.needMention'));
      return;
    }
    this.sending.set(true);
    this.composeError.set(null);
    try {
      await firstValueFrom(
        this.api.write(
          this.kind(),
          this.id(),
          type === 'message' ? { type, text, mentions: this.mentions() } : { type, text },
        ),
      );
      this.draft.set('');
      this.mentions.set([]);
      this.mode.set('note');
      const box = this.composerBox()?.nativeElement;
      if (box) {
        box.value = '';
      }
      await this.reload();
    } catch (error) {
      this.composeError.set(problemMessage(error, this.i18n));
    } finally {
      this.sending.set(false);
    }
  }

  protected startEdit(entry: FeedEntry): void {
    this.editingId.set(entry.id);
    this.editText.set(entry.text ?? '');
  }

  protected async saveEdit(entry: FeedEntry): Promise<void> {
    const text = this.editText().trim();
    if (!text) {
      return;
    }
    await this.act(async () => {
      await firstValueFrom(this.api.edit(entry, text));
      this.editingId.set(null);
    });
  }

  protected async remove(entry: FeedEntry): Promise<void> {
    const ok = await this.confirmation.ask({
      title: this.i18n.t('lenta.delete'),
      message: this.i18n.t('lenta.deleteConfirm'),
      confirm: this.i18n.t('lenta.delete'),
    });
    if (ok) {
      await this.act(() => firstValueFrom(this.api.remove(entry.id)));
    }
  }

  /** The request's card, read only (an accepted request offers no action): its mails and files. */
  protected openRequest(requestId: string): void {
    void this.requests.open(requestId);
  }

  protected async togglePin(entry: FeedEntry): Promise<void> {
    await this.act(() => firstValueFrom(this.api.pin(entry.id, !entry.pinnedAt)));
  }

  private async act(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.error.set(null);
      await this.reload();
    } catch (error) {
      this.error.set(this.i18n.t('lenta.failed', { message: problemMessage(error, this.i18n) }));
    }
  }

  private show(entry: FeedEntry): Shown {
    const names = this.names();
    const nameOf = (id: string) => names[id] || this.people.nameOf(id);
    const system = entry.kind === 'system';
    return {
      entry,
      author: entry.authorId ? nameOf(entry.authorId) : this.i18n.t('lenta.client'),
      when: formatRelativeDateTime(entry.occurredAt, this.i18n),
      parts: linkify(system ? systemText(entry, names, this.i18n) : (entry.text ?? '')),
      detail: system ? linkify(systemDetail(entry)) : [],
      facts: system ? requestFacts(entry, this.i18n) : [],
      requestId: system ? requestOf(entry) : null,
      to:
        entry.kind === 'message' && entry.mentions?.length
          ? this.i18n.t('lenta.to', { names: entry.mentions.map(nameOf).join(', ') })
          : '',
      mine: !system && !!entry.authorId && entry.authorId === this.session.me()?.id,
      icon: entry.kind === 'note' ? 'sticky_note_2' : entry.kind === 'message' ? 'chat' : 'history',
    };
  }
}
