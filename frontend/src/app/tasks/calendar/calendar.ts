import { LiveAnnouncer } from '@angular/cdk/a11y';
import { CdkDrag, CdkDragDrop, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
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
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { LiveTasks, concernsResponsible } from '../data-access/live-tasks';
import { Task, TaskChanged } from '../data-access/models';
import { TasksApi } from '../data-access/tasks-api';
import { TasksStore } from '../data-access/tasks-store';
import { addDays, dayKey, timeKey, zonedInstant } from '../../shared/time/zoned-time';
import { TaskActions } from '../task-actions';
import { CalendarFeedDialog } from './calendar-feed-dialog';
import { CalendarMode, byDay, keyMove, movedTask, step, visibleDays } from './calendar-grid';

/** A month cell shows this many tasks, then «ещё N». */
const MONTH_SHOWN = 3;

/**
 * /tasks/calendar — the tasks calendar: day, week, month. Drag a task to another day to
 * reschedule it (PUT with its version; the time of day stays), or from the keyboard: Alt+←/→
 * moves the focused task a day, Alt+↑/↓ (day and week) 30 minutes; the move is announced and
 * the focus stays on the task. «Синхронизировать» at the top right opens the calendar feed for
 * Google Calendar and phones. Live: a `taskChanged` that could touch the view re-reads it.
 */
@Component({
  selector: 'app-tasks-calendar',
  imports: [
    CdkDrag,
    CdkDropList,
    CdkDropListGroup,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    RouterLink,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './calendar.html',
  styleUrl: './calendar.scss',
})
export class TasksCalendar {
  private readonly api = inject(TasksApi);
  private readonly dialog = inject(MatDialog);
  protected readonly actions = inject(TaskActions);
  private readonly organizer = inject(TasksStore);
  protected readonly i18n = inject(I18n);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly mode = signal<CalendarMode>('week');
  protected readonly anchor = signal(dayKey(new Date(), this.i18n.timeZone()));
  protected readonly tasks = signal<readonly Task[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly today = signal(dayKey(new Date(), this.i18n.timeZone()));
  protected readonly monthShown = MONTH_SHOWN;
  protected readonly expanded = signal<string | null>(null);
  protected readonly keysHintId = 'calendar-keys-hint';

  protected readonly days = computed(() => visibleDays(this.mode(), this.anchor()));
  protected readonly byDay = computed(() =>
    byDay(this.tasks(), (task) =>
      task.allDay && task.dueDate ? task.dueDate : dayKey(task.dueAt, this.i18n.timeZone()),
    ),
  );
  protected readonly weekdays = computed(() =>
    visibleDays('week', '2026-11-23').map((day) => this.format(day, { weekday: 'short' })),
  );
  protected readonly title = computed(() => {
    const days = this.days();
    if (this.mode() === 'month') {
      return this.format(this.anchor(), { month: 'long', year: 'numeric' });
    }
    if (this.mode() === 'day') {
      return this.format(days[0], { weekday: 'long', day: 'numeric', month: 'long' });
    }
    return `${this.format(days[0], { day: 'numeric', month: 'short' })} — ${this.format(days[6], {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    })}`;
  });
  private generation = 0;
  /** Tasks whose keyboard move is being saved: a second press waits for the new version. */
  private readonly moving = new Set<string>();

  constructor() {
    effect(() => {
      this.days();
      this.organizer.filter();
      untracked(() => void this.load());
    });
    const subscription = this.actions.changes.subscribe((change) => {
      const task = 'saved' in change ? change.saved : change.deleted;
      const others = this.tasks().filter((t) => t.id !== task.id);
      this.tasks.set('saved' in change ? [...others, change.saved] : others);
    });
    const stopLive = inject(LiveTasks).watch(
      (message) => this.affects(message),
      () => void this.load(true),
    );
    inject(DestroyRef).onDestroy(() => {
      subscription.unsubscribe();
      stopLive();
    });
  }

  /** A change of a task shown here, or of one of the filtered people's tasks due in this view. */
  private affects(message: TaskChanged): boolean {
    if (this.tasks().some((t) => t.id === message.taskId)) {
      return true;
    }
    if (!concernsResponsible(message, this.organizer.filter().responsibleId)) {
      return false;
    }
    const days = this.days();
    const day = dayKey(message.dueAt, this.i18n.timeZone());
    // A day either side: an all-day task's instant is the end of its day in the owner's zone.
    return day >= addDays(days[0], -1) && day <= addDays(days[days.length - 1], 1);
  }

  protected setMode(mode: CalendarMode): void {
    this.mode.set(mode);
  }

  protected move(direction: 1 | -1): void {
    this.anchor.set(step(this.mode(), this.anchor(), direction));
  }

  protected goToday(): void {
    this.anchor.set(this.today());
  }

  protected openDay(day: string): void {
    this.anchor.set(day);
    this.mode.set('day');
  }

  protected tasksOf(day: string): readonly Task[] {
    return this.byDay().get(day) ?? [];
  }

  protected time(task: Task): string {
    return task.allDay
      ? this.i18n.t('tasks.allDayShort')
      : timeKey(task.dueAt, this.i18n.timeZone());
  }

  protected inMonth(day: string): boolean {
    return day.slice(0, 7) === this.anchor().slice(0, 7);
  }

  protected dayNumber(day: string): number {
    return Number(day.slice(8));
  }

  protected dayLabel(day: string): string {
    return this.format(day, { weekday: 'long', day: 'numeric', month: 'long' });
  }

  /** "пн, 23 нояб." — a week column's head. */
  protected weekLabel(day: string): string {
    return this.format(day, { weekday: 'short', day: 'numeric', month: 'short' });
  }

  protected openTask(task: Task): void {
    if (task.status === 'open') {
      void this.actions.edit(task);
    }
  }

  /** Dropped on another day: shown there at once, put back if the server refuses. */
  protected async drop(event: CdkDragDrop<string, string, Task>): Promise<void> {
    const task = event.item.data;
    const day = event.container.data;
    if (event.previousContainer === event.container || task.status !== 'open') {
      return;
    }
    const before = this.tasks();
    const zone = this.i18n.timeZone();
    const dueAt = task.allDay
      ? task.dueAt
      : zonedInstant(day, timeKey(task.dueAt, zone), zone).toISOString();
    this.tasks.set(
      before.map((t) =>
        t.id === task.id ? { ...t, dueAt, dueDate: task.allDay ? day : t.dueDate } : t,
      ),
    );
    const saved = await this.actions.reschedule(task, day);
    if (!saved) {
      this.tasks.set(before);
    }
  }

  protected sync(): void {
    this.dialog.open(CalendarFeedDialog, { width: '560px', maxWidth: '96vw' });
  }

  /**
   * Alt+←/→ moves the focused task a day, Alt+↑/↓ 30 minutes (not in the month, not an
   * all-day task): at once on screen, saved with its version, put back if refused. The view
   * follows a task moved out of it, and the focus stays on the task.
   */
  protected async key(event: KeyboardEvent, task: Task): Promise<void> {
    const move = keyMove(event, this.mode());
    if (!move || task.status !== 'open' || (move.minutes && task.allDay)) {
      return;
    }
    event.preventDefault();
    if (this.moving.has(task.id)) {
      return;
    }
    const zone = this.i18n.timeZone();
    const moved = movedTask(task, move, zone);
    const day = moved.allDay && moved.dueDate ? moved.dueDate : dayKey(moved.dueAt, zone);
    const anchor = this.anchor();
    this.tasks.set(this.tasks().map((t) => (t.id === task.id ? moved : t)));
    if (!this.days().includes(day)) {
      this.anchor.set(day);
    }
    this.focusTask(task.id);
    this.moving.add(task.id);
    try {
      const saved = move.days
        ? await this.actions.reschedule(task, day, true)
        : await this.actions.shift(task, move.minutes, true);
      if (saved) {
        void this.announcer.announce(
          this.i18n.t('tasks.movedTo', { text: task.text, when: this.when(saved) }),
        );
      } else {
        this.tasks.set(this.tasks().map((t) => (t.id === task.id ? task : t)));
        this.anchor.set(anchor);
      }
    } finally {
      this.moving.delete(task.id);
      this.focusTask(task.id);
    }
  }

  /** "пятница, 27 ноября, 15:30" for the announcement. */
  private when(task: Task): string {
    const zone = this.i18n.timeZone();
    const day = task.allDay && task.dueDate ? task.dueDate : dayKey(task.dueAt, zone);
    return `${this.dayLabel(day)}, ${this.time(task)}`;
  }

  private focusTask(id: string): void {
    afterNextRender(
      () =>
        [...this.host.nativeElement.querySelectorAll<HTMLElement>('[data-task-id]')]
          .find((chip) => chip.dataset['taskId'] === id)
          ?.focus(),
      { injector: this.injector },
    );
  }

  /** Reads the view; `quiet` (a live refresh) keeps it as it is meanwhile, with no dimming. */
  private async load(quiet = false): Promise<void> {
    const current = ++this.generation;
    const days = this.days();
    const zone = this.i18n.timeZone();
    const from = zonedInstant(days[0], '00:00', zone).toISOString();
    const to = zonedInstant(addDays(days[days.length - 1], 1), '00:00', zone).toISOString();
    const filter = this.organizer.filter();
    if (!quiet) {
      this.loading.set(true);
      this.error.set(null);
    }
    try {
      const items: Task[] = [];
      let after: string | undefined;
      // A month of a busy team can be more than a page.
      for (let page = 0; page < 5; page++) {
        const answer = await firstValueFrom(
          this.api.list({
            view: 'range',
            from,
            to,
            after,
            limit: 500,
            responsibleId: filter.responsibleId,
            typeId: filter.typeId,
          }),
        );
        items.push(...answer.items);
        if (!answer.nextCursor) {
          break;
        }
        after = answer.nextCursor;
      }
      if (current === this.generation) {
        this.tasks.set(items);
        this.today.set(dayKey(new Date(), zone));
      }
    } catch (error) {
      if (current === this.generation) {
        this.error.set(problemMessage(error, this.i18n));
      }
    } finally {
      if (current === this.generation) {
        this.loading.set(false);
      }
    }
  }

  private format(day: string, options: Intl.DateTimeFormatOptions): string {
    const [y, m, d] = day.split('-').map(Number);
    return new Intl.DateTimeFormat(this.i18n.locale(), { ...options, timeZone: 'UTC' }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  }
}
