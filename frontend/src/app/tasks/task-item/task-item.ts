import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';
import { PeopleStore, SessionStore, mayEdit } from '../../identity';
import { formatDuration } from '../../shared/format/relative-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { LINK_KIND_LABELS, Task, TASK_TYPE_IDS } from '../data-access/models';
import { nextWorkingDay } from '../data-access/task-form';
import { formatDue } from '../data-access/task-due';
import { addDays, dayKey, startOfWeek } from '../../shared/time/zoned-time';
import { TaskActions } from '../task-actions';

const TYPE_ICONS: Readonly<Record<string, string>> = {
  [TASK_TYPE_IDS.call]: 'call',
  [TASK_TYPE_IDS.meeting]: 'groups',
  [TASK_TYPE_IDS.letter]: 'mail',
  [TASK_TYPE_IDS.other]: 'task_alt',
};

/** One task: type, due in the user's zone, text, what it is linked to, and its actions. */
@Component({
  selector: 'app-task-item',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './task-item.html',
  styleUrl: './task-item.scss',
  host: { '[class.overdue]': 'overdue()', role: 'listitem' },
})
export class TaskItem {
  readonly task = input.required<Task>();
  /** Hidden on the record's own card (the link is the card). */
  readonly showLink = input(true);
  readonly showResponsible = input(false);
  /** "Now" from the list, so every row agrees on what is overdue. */
  readonly now = input<number>(Date.now());

  protected readonly kindLabels = LINK_KIND_LABELS;
  protected readonly actions = inject(TaskActions);
  protected readonly people = inject(PeopleStore);
  private readonly session = inject(SessionStore);
  private readonly i18n = inject(I18n);

  /** Its author or holder, the head of sales and an admin change a task (docs/tasks-api.md). */
  protected readonly canChange = computed(() => {
    const task = this.task();
    return mayEdit(this.session.me(), task.authorId, task.responsibleId);
  });

  protected readonly icon = computed(() => TYPE_ICONS[this.task().typeId] ?? 'event_note');
  protected readonly overdue = computed(
    () => this.task().status === 'open' && Date.parse(this.task().dueAt) < this.now(),
  );
  /** "сегодня 15:30", "завтра весь день", "пт, 28 нояб., 10:00". */
  protected readonly due = computed(() => formatDue(this.task(), this.i18n, new Date(this.now())));
  protected readonly late = computed(() =>
    this.overdue()
      ? this.i18n.t('tasks.overdueFor', {
          time: formatDuration(this.task().dueAt, this.i18n, new Date(this.now())),
        })
      : '',
  );
  protected readonly linkRoute = computed(() => {
    const link = this.task().link;
    if (!link) {
      return null;
    }
    // A deal opens in place, inside «Задачи»: «Назад» comes back to this list.
    return link.kind === 'deal'
      ? ['/tasks/deal', link.id]
      : [link.kind === 'company' ? '/lists/companies' : '/lists/contacts', link.id];
  });

  protected tomorrow(): string {
    return nextWorkingDay(dayKey(new Date(), this.i18n.timeZone()));
  }

  protected nextWeek(): string {
    return addDays(startOfWeek(dayKey(new Date(), this.i18n.timeZone())), 7);
  }
}
