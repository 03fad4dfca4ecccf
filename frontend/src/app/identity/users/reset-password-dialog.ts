import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { PasswordToggle } from '../../shared/forms/password-toggle';
import { PASSWORD_MIN_LENGTH, User } from '../data-access/models';
import { UsersStore } from '../data-access/users-store';

/** An administrator sets a new password for a user; closes with `true` when done. */
@Component({
  selector: 'app-reset-password-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    FieldErrorPipe,
    PasswordToggle,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'resetDialog.title' | t: { name: user.displayName } }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="dialog-form">
        @if (error(); as message) {
          <p class="form-error" role="alert">{{ message }}</p>
        }
        <mat-form-field>
          <mat-label>{{ 'resetDialog.password' | t }}</mat-label>
          <input
            matInput
            [type]="passwordVisible() ? 'text' : 'password'"
            formControlName="password"
            autocomplete="new-password"
            required
            cdkFocusInitial
          />
          <crm-password-toggle matSuffix [(visible)]="passwordVisible" />
          <mat-hint>{{ 'form.minLength' | t: { n: minLength } }}</mat-hint>
          <mat-error>{{ form.controls.password | fieldError }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ 'resetDialog.submit' | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class ResetPasswordDialog {
  private readonly store = inject(UsersStore);
  private readonly dialogRef = inject<MatDialogRef<ResetPasswordDialog, boolean>>(MatDialogRef);
  private readonly i18n = inject(I18n);

  protected readonly user = inject<User>(MAT_DIALOG_DATA);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly passwordVisible = signal(false);

  protected async submit(): Promise<void> {
    if (this.saving()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    try {
      await this.store.resetPassword(this.user, this.form.getRawValue().password);
      this.dialogRef.close(true);
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }
}
