import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FieldErrorPipe } from '../shared/forms/field-error';
import { TranslatePipe } from '../shared/i18n/translate';

/** Asks why a deal was lost (the server requires a reason); closes with the reason. */
@Component({
  selector: 'app-lost-reason-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    FieldErrorPipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()">
      <h2 mat-dialog-title>{{ 'lost.title' | t }}</h2>
      <mat-dialog-content class="dialog-form">
        <mat-form-field>
          <mat-label>{{ 'lost.reason' | t }}</mat-label>
          <input matInput formControlName="reason" maxlength="500" cdkFocusInitial />
          <mat-hint>{{ 'lost.hint' | t }}</mat-hint>
          <mat-error>{{ form.controls.reason | fieldError }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit">{{ 'deal.lost' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class LostReasonDialog {
  private readonly dialogRef = inject<MatDialogRef<LostReasonDialog, string>>(MatDialogRef);
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, Validators.maxLength(500)]],
  });

  protected submit(): void {
    const reason = this.form.controls.reason.value.trim();
    if (!reason) {
      this.form.controls.reason.setValue('');
      this.form.markAllAsTouched();
      return;
    }
    this.dialogRef.close(reason);
  }
}
