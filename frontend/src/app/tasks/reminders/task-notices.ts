import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { I18n } from '../../shared/i18n/i18n';
import { TaskNotice } from '../data-access/models';
import { TasksStore } from '../data-access/tasks-store';
import { formatDue } from '../data-access/task-due';

/**
 * Reminders: the hub pushes `taskNotice` to the responsible's own connections (30–60 min
 * before the due time, and once it is overdue). Each shows a snack bar with «Открыть» and,
 * when the user allowed it, a browser notification. Permission is asked only from the
 * Tasks section, by a button — never on load.
 */
@Injectable({ providedIn: 'root' })
export class TaskNotices {
  private readonly hub = inject(CrmHub);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private readonly store = inject(TasksStore);
  private readonly window = inject(DOCUMENT).defaultView;
  private stop: (() => void) | null = null;

  /** Starts listening (the shell, once signed in); returns the way to stop. */
  start(): () => void {
    this.stop?.();
    const off = this.hub.on<TaskNotice>('taskNotice', (notice) => this.show(notice));
    const disconnect = this.hub.connect();
    this.stop = () => {
      off();
      disconnect();
      this.stop = null;
    };
    return this.stop;
  }

  /** The browser can ask, and the user has not answered yet. */
  canAsk(): boolean {
    return !!this.window && 'Notification' in this.window && Notification.permission === 'default';
  }

  async askPermission(): Promise<void> {
    if (this.canAsk()) {
      await Notification.requestPermission();
    }
  }

  /** "Напоминание: завтра 11:30 — Перезвонить (Поставка станков)": the due time as the lists say it. */
  text(notice: TaskNotice): string {
    const key = notice.notice === 'overdue' ? 'tasks.noticeOverdue' : 'tasks.noticeReminder';
    const link = notice.link ? ` (${notice.link.name})` : '';
    return this.i18n.t(key, { time: formatDue(notice, this.i18n), text: notice.text + link });
  }

  open(notice: TaskNotice): void {
    void this.router.navigate(
      notice.link?.kind === 'deal' ? ['/tasks/deal', notice.link.id] : ['/tasks'],
    );
  }

  private show(notice: TaskNotice): void {
    const message = this.text(notice);
    this.snackBar
      .open(message, this.i18n.t('tasks.open'), { duration: 15000 })
      .onAction()
      .subscribe(() => this.open(notice));
    if (notice.notice === 'overdue') {
      // The organizer shows it under «Просроченные» without a reload.
      this.store.tick();
    }
    if (this.window && 'Notification' in this.window && Notification.permission === 'granted') {
      try {
        const shown = new Notification(this.i18n.t('nav.tasks'), {
          body: message,
          // A redelivered push replaces the same notification instead of adding one.
          tag: `${notice.notice}:${notice.taskId}`,
        });
        shown.onclick = () => {
          this.window?.focus();
          this.open(notice);
          shown.close();
        };
      } catch (error) {
        console.warn('Could not show a notification', error);
      }
    }
  }
}
