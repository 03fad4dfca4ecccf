import { CdkDrag, CdkDragDrop, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
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
import { Task } from '../data-access/models';
import { TasksApi } from '../data-access/tasks-api';
import { TasksStore } from '../data-access/tasks-store';
import { addDays, dayKey, timeKey, zonedInstant } from '../data-access/zoned-time';
import { TaskActions } from '../task-actions';
import { CalendarFeedDialog } from './calendar-feed-dialog';
import { CalendarMode, byDay, step, visibleDays } from './calendar-grid';

/** A month cell shows this many tasks, then «ещё N». */
const MONTH_SHOWN = 3;

/**
 * /tasks/calendar — the tasks calendar: day, week, month. Drag a task to another day to
 * reschedule it (PUT with its version; the time of day stays). «Синхронизировать» at the
 * top right opens the calendar feed for Google Calendar and phones.
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

  protected readonly mode = signal<CalendarMode>('week');
  protected readonly anchor = signal(dayKey(new Date(), this.i18n.timeZone()));
  protected readonly tasks = signal<readonly Task[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly today = signal(dayKey(new Date(), this.i18n.timeZone()));
  protected readonly monthShown = MONTH_SHOWN;
  protected readonly expanded = signal<string | null>(null);

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
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
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

  private async load(): Promise<void> {
    const current = ++this.generation;
    const days = this.days();
    const zone = this.i18n.timeZone();
    const from = zonedInstant(days[0], '00:00', zone).toISOString();
    const to = zonedInstant(addDays(days[days.length - 1], 1), '00:00', zone).toISOString();
    const filter = this.organizer.filter();
    this.loading.set(true);
    this.error.set(null);
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
