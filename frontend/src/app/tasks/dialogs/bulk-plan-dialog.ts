import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { PlannedTask } from '../data-access/models';
import { defaultFields, taskFieldsForm, toTaskInput } from '../data-access/task-form';
import { TaskFields } from './task-fields';

export interface BulkPlanDialogData {
  /** How many deals get the task. */
  readonly count: number;
}

/**
 * «Запланировать задачу» for the deals selected in the deals table: the task's type, due day and
 * time, text, and responsible («Ответственный сделки», each deal's own, or a chosen user). The
 * caller plans it on each deal.
 */
@Component({
  selector: 'app-bulk-plan-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, TaskFields, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'tasks.bulkTitle' | t }}</h2>
    <form [formGroup]="form" (ngSubmit)="plan()">
      <mat-dialog-content>
        <p class="note" data-testid="bulk-plan-count">
          {{ 'tasks.bulkCount' | t: { n: data.count } }}
        </p>
        <app-task-fields [form]="form" defaultResponsible="tasks.bulkResponsibleDefault" />
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit">{{ 'tasks.bulkGo' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './dialogs.scss',
})
export class BulkPlanDialog {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly i18n = inject(I18n);
  private readonly ref = inject<MatDialogRef<BulkPlanDialog, PlannedTask>>(MatDialogRef);
  protected readonly data = inject<BulkPlanDialogData>(MAT_DIALOG_DATA);
  // Responsible left empty: each deal's own.
  protected readonly form = taskFieldsForm(
    this.fb,
    defaultFields(new Date(), this.i18n.timeZone(), null, ''),
  );

  protected plan(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close(toTaskInput(this.form.getRawValue(), this.i18n.timeZone(), null));
  }
}
