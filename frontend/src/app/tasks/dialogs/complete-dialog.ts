import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  FormControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { DateTimePipe } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CompleteTaskResponse, Task } from '../data-access/models';
import { RESULT_MAX, defaultFields, taskFieldsForm, toTaskInput } from '../data-access/task-form';
import { TasksApi } from '../data-access/tasks-api';
import { TaskFields } from './task-fields';

export interface CompleteDialogData {
  readonly task: Task;
}

/**
 * «Выполнить»: the result is required (the manual: "Обязательно указывайте результат"); the
 * next task is planned in the same dialog and the same request. Completing a deal's last open
 * task without a next one asks first: the deal would be left without a task.
 */
@Component({
  selector: 'app-complete-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    DateTimePipe,
    FieldErrorPipe,
    TaskFields,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './complete-dialog.html',
  styleUrl: './dialogs.scss',
})
export class CompleteDialog {
  private readonly api = inject(TasksApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly ref = inject<MatDialogRef<CompleteDialog, CompleteTaskResponse>>(MatDialogRef);
  protected readonly i18n = inject(I18n);
  protected readonly task = inject<CompleteDialogData>(MAT_DIALOG_DATA).task;

  protected readonly result = this.fb.control('', [
    Validators.required,
    Validators.maxLength(RESULT_MAX),
  ]);
  protected readonly planNext = new FormControl(true, { nonNullable: true });
  protected readonly next = taskFieldsForm(
    this.fb,
    defaultFields(new Date(), this.i18n.timeZone(), this.task),
  );
  protected readonly form = this.fb.group({ result: this.result, next: this.next });
  protected readonly resultMax = RESULT_MAX;

  /** This is the deal's only open task (null: not known yet, or not on a deal). */
  protected readonly lastOnDeal = signal<boolean | null>(null);
  /** The "left without a task" question is on screen. */
  protected readonly warning = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    if (this.task.link?.kind === 'deal') {
      firstValueFrom(this.api.summary([this.task.link.id]))
        .then((rows) => this.lastOnDeal.set((rows[0]?.openCount ?? 0) <= 1))
        .catch(() => this.lastOnDeal.set(null));
    }
  }

  protected async submit(force = false): Promise<void> {
    const planning = this.planNext.value;
    this.result.markAsTouched();
    if (this.result.invalid || this.result.value.trim() === '') {
      this.result.setErrors({ required: true });
      return;
    }
    if (planning && this.next.invalid) {
      this.next.markAllAsTouched();
      return;
    }
    if (!planning && !force && this.lastOnDeal()) {
      this.warning.set(true);
      return;
    }
    this.warning.set(false);
    this.saving.set(true);
    this.error.set(null);
    try {
      const answer = await firstValueFrom(
        this.api.complete(this.task.id, {
          result: this.result.value.trim(),
          version: this.task.version,
          ...(planning
            ? { next: toTaskInput(this.next.getRawValue(), this.i18n.timeZone(), null) }
            : {}),
        }),
      );
      this.ref.close(answer);
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }

  /** From the warning: back to the form with «Запланировать следующую задачу» on. */
  protected planInstead(): void {
    this.warning.set(false);
    this.planNext.setValue(true);
  }
}
