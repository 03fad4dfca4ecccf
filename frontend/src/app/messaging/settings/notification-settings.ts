import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { MessagingApi } from '../data-access/messaging-api';
import { NOTIFICATION_KINDS, NotificationKind, NotificationSettings } from '../data-access/models';

const LABELS: Readonly<Record<NotificationKind, TranslationKey>> = {
  taskReminder: 'notificationSettings.taskReminder',
  taskOverdue: 'notificationSettings.taskOverdue',
  mention: 'notificationSettings.mention',
  dealAssigned: 'notificationSettings.dealAssigned',
  chatMessage: 'notificationSettings.chatMessage',
  inboxRequest: 'notificationSettings.inboxRequest',
};

const HINTS: Readonly<Record<NotificationKind, TranslationKey>> = {
  taskReminder: 'notificationSettings.taskReminderHint',
  taskOverdue: 'notificationSettings.taskOverdueHint',
  mention: 'notificationSettings.mentionHint',
  dealAssigned: 'notificationSettings.dealAssignedHint',
  chatMessage: 'notificationSettings.chatMessageHint',
  inboxRequest: 'notificationSettings.inboxRequestHint',
};

/**
 * Settings → Уведомления: each kind of notification on or off for the signed-in user
 * (docs/messaging-api.md, GET|PUT /api/messaging/notifications/settings). A switch applies at
 * once and goes back with a message when the server refuses. A kind turned off is not kept for
 * the user at all: it never reaches the bell or the browser.
 */
@Component({
  selector: 'app-notification-settings',
  imports: [MatButtonModule, MatSlideToggleModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <header class="page-header">
        <h1>{{ 'notificationSettings.title' | t }}</h1>
      </header>
      <p class="hint">{{ 'notificationSettings.hint' | t }}</p>
      @if (loadError(); as message) {
        <p class="form-error" role="alert">
          {{ message }}
          <button mat-button type="button" (click)="load()">{{ 'common.retry' | t }}</button>
        </p>
      }
      <ul class="kinds" [attr.aria-busy]="!kinds()">
        @for (kind of order; track kind) {
          <li class="kind" [attr.data-kind]="kind">
            <mat-slide-toggle
              [checked]="kinds()?.[kind] ?? true"
              [disabled]="!kinds() || saving() === kind"
              [aria-describedby]="'hint-' + kind"
              (change)="toggle(kind, $event.checked)"
            >
              {{ labels[kind] | t }}
            </mat-slide-toggle>
            <span class="kind-hint" [id]="'hint-' + kind">{{ hints[kind] | t }}</span>
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    .hint {
      max-width: 640px;
      color: var(--mat-sys-on-surface-variant);
    }
    .kinds {
      max-width: 640px;
      margin: 0;
      padding: 0;
      list-style: none;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
    .kind {
      display: flex;
      flex-direction: column;
      gap: 2px;
      padding: 12px 16px;
    }
    .kind + .kind {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .kind-hint {
      padding-left: 60px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class NotificationSettingsPage implements OnInit {
  private readonly api = inject(MessagingApi);
  private readonly i18n = inject(I18n);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly order = NOTIFICATION_KINDS;
  protected readonly labels = LABELS;
  protected readonly hints = HINTS;
  /** Null until read. */
  protected readonly kinds = signal<NotificationSettings['kinds'] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** The kind being saved: its switch waits for the answer. */
  protected readonly saving = signal<NotificationKind | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.kinds.set((await firstValueFrom(this.api.notificationSettings())).kinds);
    } catch (error) {
      this.loadError.set(problemMessage(error, this.i18n));
    }
  }

  protected async toggle(kind: NotificationKind, on: boolean): Promise<void> {
    const before = this.kinds();
    this.kinds.update((kinds) => ({ ...kinds, [kind]: on }));
    this.saving.set(kind);
    try {
      const saved = await firstValueFrom(this.api.saveNotificationSettings({ [kind]: on }));
      this.kinds.set(saved.kinds);
      this.snackBar.open(
        this.i18n.t(on ? 'notificationSettings.turnedOn' : 'notificationSettings.turnedOff', {
          kind: this.i18n.t(LABELS[kind]),
        }),
        this.i18n.t('common.close'),
        { duration: 4000 },
      );
    } catch (error) {
      this.kinds.set(before);
      this.snackBar.open(
        this.i18n.t('notificationSettings.failed', { message: problemMessage(error, this.i18n) }),
        this.i18n.t('common.close'),
        { duration: 8000 },
      );
    } finally {
      this.saving.set(null);
    }
  }
}
