import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Subject, firstValueFrom } from 'rxjs';
import { problemMessage } from '../shared/http/problem';
import { I18n } from '../shared/i18n/i18n';
import { BulkPlanDialog, BulkPlanDialogData } from './dialogs/bulk-plan-dialog';
import { CompleteDialog, CompleteDialogData } from './dialogs/complete-dialog';
import { TaskDialog, TaskDialogData, TaskDialogResult } from './dialogs/task-dialog';
import {
  CompleteTaskResponse,
  PlannedTask,
  Task,
  TaskInput,
  TaskLink,
  TaskLinkKind,
  TaskPage,
} from './data-access/models';
import { movedTo, shiftedBy } from './data-access/task-form';
import { TasksApi } from './data-access/tasks-api';
import { TasksStore } from './data-access/tasks-store';

export type TaskChange = { readonly saved: Task } | { readonly deleted: Task };

/**
 * What a user does to a task, wherever it is shown (the organizer, a card): the dialogs, the
 * messages, and keeping the organizer's list in step. `changes` tells every list on screen.
 */
@Injectable({ providedIn: 'root' })
export class TaskActions {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly api = inject(TasksApi);
  private readonly store = inject(TasksStore);
  private readonly i18n = inject(I18n);
  readonly changes = new Subject<TaskChange>();

  async complete(task: Task): Promise<CompleteTaskResponse | undefined> {
    const answer = await firstValueFrom(
      this.dialog
        .open<CompleteDialog, CompleteDialogData, CompleteTaskResponse>(CompleteDialog, {
          data: { task },
          width: '560px',
          maxWidth: '96vw',
          autoFocus: 'first-tabbable',
        })
        .afterClosed(),
    );
    if (!answer) {
      return undefined;
    }
    this.apply({ saved: answer.task });
    if (answer.next) {
      this.apply({ saved: answer.next });
    }
    if (answer.dealLeftWithoutTasks && task.link) {
      const link = task.link;
      this.snackBar
        .open(
          this.i18n.t('tasks.dealLeftWithoutTasks', { name: link.name }),
          this.i18n.t('tasks.add'),
          { duration: 12000 },
        )
        .onAction()
        .subscribe(() => void this.create(link));
    } else {
      this.notify(this.i18n.t(answer.next ? 'tasks.completedWithNext' : 'tasks.completed'));
    }
    return answer;
  }

  async create(link?: TaskLink | null): Promise<Task | undefined> {
    const result = await this.open({ link });
    return result && 'saved' in result ? result.saved : undefined;
  }

  /** «Запланировать задачу» on `count` deals: the task to plan on each, or undefined when closed. */
  askBulkPlan(count: number): Promise<PlannedTask | undefined> {
    return firstValueFrom(
      this.dialog
        .open<BulkPlanDialog, BulkPlanDialogData, PlannedTask>(BulkPlanDialog, {
          data: { count },
          width: '560px',
          maxWidth: '96vw',
        })
        .afterClosed(),
    );
  }

  edit(task: Task): Promise<TaskDialogResult | undefined> {
    return this.open({ task });
  }

  /**
   * Moves a task to another day (keeping its time); the server's refusal is told. `quiet`
   * leaves out the «Задача перенесена» message (the calendar's keyboard announces its own).
   */
  reschedule(task: Task, day: string, quiet = false): Promise<Task | undefined> {
    return this.save(task, movedTo(task, day, this.i18n.timeZone()), quiet);
  }

  /** Moves a timed task some minutes earlier or later. */
  shift(task: Task, minutes: number, quiet = false): Promise<Task | undefined> {
    return this.save(task, shiftedBy(task, minutes), quiet);
  }

  /** Completes each open task with the same result (a deal won or lost). */
  /** Every open task of a deal, company or contact, from the server (all pages). */
  async openTasksOf(linkKind: TaskLinkKind, linkId: string): Promise<Task[]> {
    const tasks: Task[] = [];
    let after: string | null = null;
    do {
      const page: TaskPage = await firstValueFrom(
        this.api.linked({ linkKind, linkId, state: 'open', after, limit: 200 }),
      );
      tasks.push(...page.items);
      after = page.nextCursor;
    } while (after);
    return tasks;
  }

  async completeAll(tasks: readonly Task[], result: string): Promise<void> {
    for (const task of tasks) {
      try {
        const answer = await firstValueFrom(
          this.api.complete(task.id, { result, version: task.version }),
        );
        this.apply({ saved: answer.task });
      } catch (error) {
        this.notify(problemMessage(error, this.i18n));
        return;
      }
    }
    this.notify(this.i18n.t('tasks.completedAll', { n: tasks.length }));
  }

  private async save(task: Task, input: TaskInput, quiet: boolean): Promise<Task | undefined> {
    try {
      const saved = await firstValueFrom(
        this.api.update(task.id, { ...input, version: task.version }),
      );
      this.apply({ saved });
      if (!quiet) {
        this.notify(this.i18n.t('tasks.rescheduled'));
      }
      return saved;
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
      return undefined;
    }
  }

  private async open(data: TaskDialogData): Promise<TaskDialogResult | undefined> {
    const result = await firstValueFrom(
      this.dialog
        .open<TaskDialog, TaskDialogData, TaskDialogResult>(TaskDialog, {
          data,
          width: '560px',
          maxWidth: '96vw',
        })
        .afterClosed(),
    );
    if (result) {
      this.apply(result);
      this.notify(this.i18n.t('deleted' in result ? 'tasks.deleted' : 'tasks.saved'));
    }
    return result;
  }

  private apply(change: TaskChange): void {
    if ('saved' in change) {
      this.store.upsert(change.saved);
    } else {
      this.store.drop(change.deleted.id);
    }
    this.changes.next(change);
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 5000 });
  }
}
