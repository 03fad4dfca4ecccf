import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule, MatMenuTrigger } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { SessionStore } from '../identity';
import { ChatStore, NotificationBell, NotificationsStore } from '../messaging';
import { PipelinesStore } from '../pipelines';
import { GlobalSearch } from '../search';
import { CrmHub } from '../shared/realtime/crm-hub';
import { problemMessage } from '../shared/http/problem';
import { I18n, LANGUAGES, LANGUAGE_LABELS, Language } from '../shared/i18n/i18n';
import { TranslationKey } from '../shared/i18n/ru';
import { TranslatePipe } from '../shared/i18n/translate';

interface NavItem {
  readonly path: string;
  readonly icon: string;
  readonly label: TranslationKey;
}

/** The frame of every signed-in screen: the navigation rail, the top bar, the page. */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatButtonModule,
    MatDividerModule,
    MatIconModule,
    MatMenuModule,
    NotificationBell,
    GlobalSearch,
    TranslatePipe,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly session = inject(SessionStore);
  protected readonly i18n = inject(I18n);
  protected readonly pipelines = inject(PipelinesStore);
  private readonly hub = inject(CrmHub);
  protected readonly chatStore = inject(ChatStore);
  protected readonly pipelineMenuTrigger = viewChild.required(MatMenuTrigger);
  private closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    // The bell: the user's notifications (mentions, deals given, task reminders and overdue
    // notices, new requests in the user's region, chat), live.
    const stopBell = inject(NotificationsStore).start();
    // The chat icon's unread count, live.
    const stopChat = this.chatStore.start();
    inject(DestroyRef).onDestroy(() => {
      stopBell();
      stopChat();
      clearTimeout(this.closeTimer);
    });
  }

  protected readonly languages = LANGUAGES;
  protected readonly languageLabels = LANGUAGE_LABELS;
  protected readonly sections: readonly NavItem[] = [
    { path: '/deals', icon: 'view_kanban', label: 'nav.deals' },
    { path: '/tasks', icon: 'task_alt', label: 'nav.tasks' },
    { path: '/lists', icon: 'contacts', label: 'nav.lists' },
    { path: '/inbox', icon: 'move_to_inbox', label: 'nav.inbox' },
    { path: '/reports', icon: 'insights', label: 'nav.reports' },
    { path: '/settings', icon: 'settings', label: 'nav.settings' },
  ];
  /** The manual: "Иконка внутреннего чата расположена в левом нижнем углу экрана". */
  protected readonly chat: NavItem = { path: '/chat', icon: 'forum', label: 'nav.chat' };

  protected readonly initials = computed(() => {
    const name = this.session.me()?.displayName ?? '';
    return name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part.charAt(0).toUpperCase())
      .join('');
  });
  protected readonly roleLabel = computed<TranslationKey | null>(() => {
    const role = this.session.me()?.role;
    return role ? `role.${role}` : null;
  });

  protected async changeLanguage(language: Language): Promise<void> {
    try {
      await this.session.changeLanguage(language);
    } catch (error) {
      this.snackBar.open(
        this.i18n.t('shell.languageFailed', { message: problemMessage(error, this.i18n) }),
        this.i18n.t('common.close'),
        { duration: 8000 },
      );
    }
  }

  /**
   * The manual: "Переключиться между воронками можно при наведении мышки на иконку
   * «Сделки»". Hover or click opens the list; a click also goes to the last pipeline.
   */
  protected openPipelines(trigger: MatMenuTrigger, event?: MouseEvent): void {
    this.keepPipelinesOpen();
    void this.pipelines.ensureLoaded();
    if (!trigger.menuOpen) {
      trigger.openMenu();
    }
    // A keyboard "click" (Enter) has no pointer: move focus into the list.
    if (event && event.detail === 0) {
      setTimeout(() => trigger.menu?.focusFirstItem('keyboard'));
    }
  }

  protected keepPipelinesOpen(): void {
    clearTimeout(this.closeTimer);
  }

  protected closePipelinesSoon(trigger: MatMenuTrigger): void {
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => trigger.closeMenu(), 250);
  }

  protected async signOut(): Promise<void> {
    await this.hub.stop();
    await this.session.signOut();
    await this.router.navigate(['/sign-in']);
  }

  protected focusMain(main: HTMLElement): void {
    main.focus();
  }
}
