import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import { CalendarFeedDialog } from '../calendar/calendar-feed-dialog';
import { PeopleStore, SessionStore } from '../../identity';
import { NotificationsStore } from '../../messaging';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { EmptyState } from '../../shared/ui/empty-state';
import { LiveTasks, concernsResponsible } from '../data-access/live-tasks';
import { TaskTypesStore } from '../data-access/task-types-store';
import { TasksStore } from '../data-access/tasks-store';
import { TaskGroupKey } from '../data-access/task-groups';
import { TaskActions } from '../task-actions';
import { TaskItem } from '../task-item/task-item';

const GROUP_TITLES: Readonly<Record<TaskGroupKey, TranslationKey>> = {
  overdue: 'tasks.group.overdue',
  today: 'tasks.group.today',
  tomorrow: 'tasks.group.tomorrow',
  week: 'tasks.group.week',
  later: 'tasks.group.later',
};

/** Everyone's tasks in the responsible select. */
const ALL = '*';

/**
 * /tasks — the organizer, the manager's main workplace: «Просроченные» (always first, red),
 * «Сегодня», «Завтра», «На неделе», «Позже»; filters by responsible and type. Kept live through
 * the hub's `taskChanged` (topic `tasks`).
 */
@Component({
  selector: 'app-organizer',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatSelectModule,
    RouterLink,
    EmptyState,
    TaskItem,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './organizer.html',
  styleUrl: './organizer.scss',
})
export class Organizer {
  protected readonly store = inject(TasksStore);
  protected readonly types = inject(TaskTypesStore);
  protected readonly people = inject(PeopleStore);
  protected readonly actions = inject(TaskActions);
  /** Reminders come to the bell; the browser's permission for them may be asked from here too. */
  private readonly notifications = inject(NotificationsStore);
  private readonly session = inject(SessionStore);
  private readonly dialog = inject(MatDialog);
  protected readonly all = ALL;
  protected readonly titles = GROUP_TITLES;

  protected readonly responsible = computed(() => this.store.filter().responsibleId ?? ALL);
  protected readonly visibleGroups = computed(() =>
    this.store.groups().filter((group) => group.items.length > 0 || group.key === 'overdue'),
  );
  protected readonly empty = computed(
    () => this.store.loaded() && this.store.groups().every((group) => group.items.length === 0),
  );
  protected readonly showResponsible = computed(() => !this.store.filter().responsibleId);
  protected readonly canAskNotifications = signal(this.notifications.canAsk());

  constructor() {
    void this.types.ensureLoaded();
    void this.people.ensureLoaded();
    const me = this.session.me();
    if (!this.store.filterSet() && me) {
      // The first visit shows my tasks; later visits keep what the user chose.
      void this.store.setFilter({ responsibleId: me.id });
    } else {
      void this.store.load();
    }
    const timer = setInterval(() => this.store.tick(), 60_000);
    // Live: someone else's change to a task this list shows or could show re-reads it.
    const stopLive = inject(LiveTasks).watch(
      (message) =>
        concernsResponsible(message, this.store.filter().responsibleId) ||
        this.store.tasks().some((task) => task.id === message.taskId),
      () => void this.store.refresh(),
    );
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      stopLive();
    });
  }

  protected setResponsible(value: string): void {
    void this.store.setFilter({ responsibleId: value === ALL ? null : value });
  }

  protected setType(value: string): void {
    void this.store.setFilter({ typeId: value === ALL ? null : value });
  }

  protected sync(): void {
    this.dialog.open(CalendarFeedDialog, { width: '560px', maxWidth: '96vw' });
  }

  protected async askNotifications(): Promise<void> {
    await this.notifications.askPermission();
    this.canAskNotifications.set(this.notifications.canAsk());
  }
}
