import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { NotificationsStore } from '../data-access/notifications-store';
import { AppNotification } from '../data-access/models';

/**
 * The bell in the top bar: the unread count (99+), and a panel of the notifications with
 * «Прочитать все»; a click marks one read and opens its card. Browser notifications are
 * asked for only from here, by a button.
 */
@Component({
  selector: 'app-notification-bell',
  imports: [MatButtonModule, MatDividerModule, MatIconModule, MatMenuModule, TranslatePipe],
  template: `
    <button
      mat-icon-button
      type="button"
      class="bell"
      data-testid="bell"
      [attr.aria-label]="'bell.label' | t: { n: store.unread() }"
      [matMenuTriggerFor]="panel"
      (menuOpened)="opened()"
    >
      <mat-icon aria-hidden="true">notifications</mat-icon>
      @if (store.badge(); as badge) {
        <span class="badge" data-testid="bell-badge" aria-hidden="true">{{ badge }}</span>
      }
    </button>
    <mat-menu #panel="matMenu" xPosition="before" class="bell-panel">
      <div class="panel-head" role="presentation" (click)="$event.stopPropagation()">
        <span class="panel-title">{{ 'bell.title' | t }}</span>
        @if (store.unread() > 0) {
          <button mat-button type="button" class="read-all" (click)="store.readAll()">
            {{ 'bell.readAll' | t }}
          </button>
        }
      </div>
      @if (canAsk()) {
        <button mat-menu-item type="button" class="ask" (click)="ask()">
          <mat-icon aria-hidden="true">notifications_active</mat-icon>
          <span>{{ 'bell.browserAsk' | t }}</span>
        </button>
      }
      <mat-divider />
      @for (n of store.items(); track n.id) {
        <button
          mat-menu-item
          type="button"
          class="notification"
          [class.unread]="!n.readAt"
          (click)="store.open(n)"
        >
          <span class="line">{{ store.text(n) }}</span>
          @if (store.quote(n); as quote) {
            <span class="quote">{{ quote }}</span>
          }
          <span class="when">{{ when(n) }}</span>
        </button>
      } @empty {
        <div class="panel-empty" role="presentation">
          {{ (store.error() ? 'bell.loadFailed' : 'bell.empty') | t }}
        </div>
      }
      @if (store.nextCursor()) {
        <div class="panel-more" role="presentation" (click)="$event.stopPropagation()">
          <button mat-button type="button" (click)="store.more()">{{ 'bell.more' | t }}</button>
        </div>
      }
    </mat-menu>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    .bell {
      position: relative;
    }
    .badge {
      position: absolute;
      top: 2px;
      right: 0;
      min-width: 18px;
      height: 18px;
      padding: 0 4px;
      box-sizing: border-box;
      border-radius: 9px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font-size: 11px;
      line-height: 18px;
      text-align: center;
    }
    .panel-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 12px;
      padding: 4px 12px 4px 16px;
    }
    .panel-title {
      font-weight: 600;
    }
    .notification {
      height: auto;
      min-height: 48px;
      padding-top: 6px;
      padding-bottom: 6px;
    }
    .notification.unread .line {
      font-weight: 600;
    }
    .line,
    .quote,
    .when {
      display: block;
      white-space: normal;
      max-width: 340px;
    }
    .quote {
      font-size: 13px;
      color: var(--mat-sys-on-surface-variant);
      white-space: pre-wrap;
    }
    .when {
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .panel-empty {
      padding: 12px 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .panel-more {
      display: flex;
      justify-content: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell {
  protected readonly store = inject(NotificationsStore);
  private readonly i18n = inject(I18n);
  /** Re-read after the permission answer, so the button goes away. */
  private readonly asked = signal(0);
  protected readonly canAsk = computed(() => {
    this.asked();
    return this.store.canAsk();
  });

  protected opened(): void {
    if (!this.store.loaded()) {
      void this.store.load();
    }
  }

  protected async ask(): Promise<void> {
    await this.store.askPermission();
    this.asked.update((n) => n + 1);
  }

  protected when(n: AppNotification): string {
    return formatRelativeDateTime(n.createdAt, this.i18n);
  }
}
