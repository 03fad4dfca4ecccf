import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { SessionStore } from '../../identity';
import { applyServerErrors } from '../../shared/forms/field-error';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { Task, TaskLink } from '../data-access/models';
import { defaultFields, fieldsOf, taskFieldsForm, toTaskInput } from '../data-access/task-form';
import { TasksApi } from '../data-access/tasks-api';
import { LinkPicker } from './link-picker';
import { TaskFields } from './task-fields';

export interface TaskDialogData {
  /** Editing this task; none for a new one. */
  readonly task?: Task;
  /** A new task on this record (a card's «Добавить задачу»): the link is fixed. */
  readonly link?: TaskLink | null;
}

export type TaskDialogResult = { readonly saved: Task } | { readonly deleted: Task };

/** «Новая задача» / «Задача»: plan, edit or reschedule, reassign, link, delete. */
@Component({
  selector: 'app-task-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    LinkPicker,
    TaskFields,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ (task ? 'tasks.editTitle' : 'tasks.newTitle') | t }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content>
        <app-link-picker [(link)]="link" [locked]="locked" />
        <app-task-fields [form]="form" />
        @if (error(); as message) {
          <p class="form-error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        @if (canDelete()) {
          <button mat-button type="button" class="danger" (click)="remove()">
            {{ 'tasks.delete' | t }}
          </button>
        }
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ 'common.save' | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './dialogs.scss',
})
export class TaskDialog {
  private readonly api = inject(TasksApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly confirmation = inject(Confirmation);
  private readonly session = inject(SessionStore);
  private readonly ref = inject<MatDialogRef<TaskDialog, TaskDialogResult>>(MatDialogRef);
  private readonly i18n = inject(I18n);
  private readonly data = inject<TaskDialogData>(MAT_DIALOG_DATA);
  protected readonly task = this.data.task;
  protected readonly locked = !this.task && !!this.data.link;

  protected readonly link = signal<TaskLink | null>(this.task?.link ?? this.data.link ?? null);
  protected readonly form = taskFieldsForm(
    this.fb,
    this.task
      ? fieldsOf(this.task, this.i18n.timeZone())
      : // Left empty, the server picks the deal's responsible (or the author).
        defaultFields(new Date(), this.i18n.timeZone(), null, ''),
  );
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly canDelete = computed(() => {
    const me = this.session.me();
    return !!this.task && !!me && (me.id === this.task.authorId || me.role === 'Admin');
  });

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    const input = toTaskInput(this.form.getRawValue(), this.i18n.timeZone(), this.link());
    try {
      const saved = await firstValueFrom(
        this.task
          ? this.api.update(this.task.id, { ...input, version: this.task.version })
          : this.api.create(input),
      );
      this.ref.close({ saved });
    } catch (error) {
      this.error.set(
        applyServerErrors(this.form, error, this.i18n, (path) =>
          path === 'dueAt' || path === 'dueDate' ? 'date' : path,
        ),
      );
    } finally {
      this.saving.set(false);
    }
  }

  protected async remove(): Promise<void> {
    const task = this.task;
    if (!task) {
      return;
    }
    const sure = await this.confirmation.ask({
      title: this.i18n.t('tasks.deleteTitle'),
      message: this.i18n.t('tasks.deleteConfirm', { text: task.text }),
      confirm: this.i18n.t('tasks.delete'),
    });
    if (!sure) {
      return;
    }
    try {
      await firstValueFrom(this.api.delete(task.id));
      this.ref.close({ deleted: task });
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error, this.i18n));
    }
  }
}
