import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { Subject } from 'rxjs';
import { I18n } from '../../shared/i18n/i18n';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { TaskNotice } from '../data-access/models';
import { TaskNotices } from './task-notices';

describe('TaskNotices (reminders)', () => {
  let handler: ((notice: TaskNotice) => void) | null;
  let opened: { message: string; action: string }[];
  let action: Subject<void>;
  let shown: { title: string; options: NotificationOptions }[];
  let navigate: ReturnType<typeof vi.fn>;
  let permission: NotificationPermission;

  const notice: TaskNotice = {
    notice: 'reminder',
    taskId: 't1',
    text: 'Перезвонить',
    dueAt: '2026-11-27T12:30:00Z',
    allDay: false,
    link: { kind: 'deal', id: 'd1', name: 'Поставка станков' },
  };

  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T12:00:00Z'));
    handler = null;
    opened = [];
    shown = [];
    action = new Subject<void>();
    navigate = vi.fn().mockResolvedValue(true);
    permission = 'granted';
    class FakeNotification {
      static get permission() {
        return permission;
      }
      static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, options });
      }
      close(): void {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: CrmHub,
          useValue: {
            on: (_: string, h: (n: TaskNotice) => void) => {
              handler = h;
              return () => (handler = null);
            },
            connect: () => () => undefined,
          },
        },
        {
          provide: MatSnackBar,
          useValue: {
            open: (message: string, act: string) => {
              opened.push({ message, action: act });
              return { onAction: () => action };
            },
          },
        },
        { provide: Router, useValue: { navigate } },
      ],
    });
    TestBed.inject(I18n).useTimeZone('Europe/Moscow');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('shows a toast with «Открыть» and a browser notification; «Открыть» opens the deal in place', () => {
    const stop = TestBed.inject(TaskNotices).start();
    handler!(notice);
    expect(opened).toEqual([
      { message: 'Напоминание: сегодня 15:30 — Перезвонить (Поставка станков)', action: 'Открыть' },
    ]);
    expect(shown).toHaveLength(1);
    expect(shown[0].options.tag).toBe('reminder:t1');
    action.next();
    expect(navigate).toHaveBeenCalledWith(['/tasks/deal', 'd1']);
    stop();
    expect(handler).toBeNull();
  });

  it('shows no browser notification unless the user allowed it, and asks only when asked', async () => {
    permission = 'default';
    const notices = TestBed.inject(TaskNotices);
    notices.start();
    handler!({ ...notice, notice: 'overdue' });
    expect(opened[0].message).toContain('Задача просрочена');
    expect(shown).toHaveLength(0);
    expect(Notification.requestPermission).not.toHaveBeenCalled();
    expect(notices.canAsk()).toBe(true);
    await notices.askPermission();
    expect(Notification.requestPermission).toHaveBeenCalled();
  });

  it("says when in the words of the task lists, in the user's zone: «вчера 10:00», «завтра 11:30»", () => {
    TestBed.inject(TaskNotices).start();
    // 2026-11-26 07:00Z is 10:00 in Moscow the day before "now" (2026-11-27 15:00 Moscow).
    handler!({ ...notice, notice: 'overdue', dueAt: '2026-11-26T07:00:00Z' });
    handler!({ ...notice, dueAt: '2026-11-28T08:30:00Z' });
    // An all-day task is due on its day, not at the last second of it.
    handler!({ ...notice, notice: 'overdue', dueAt: '2026-11-26T20:59:59Z', allDay: true });
    expect(opened.map((o) => o.message)).toEqual([
      'Задача просрочена (вчера 10:00): Перезвонить (Поставка станков)',
      'Напоминание: завтра 11:30 — Перезвонить (Поставка станков)',
      'Задача просрочена (вчера весь день): Перезвонить (Поставка станков)',
    ]);
  });

  it('follows the language switch', () => {
    TestBed.inject(TaskNotices).start();
    TestBed.inject(I18n).use('en');
    handler!({ ...notice, notice: 'overdue', dueAt: '2026-11-26T07:00:00Z' });
    expect(opened[0].message).toBe(
      'Task overdue (yesterday 10:00): Перезвонить (Поставка станков)',
    );
  });
});
