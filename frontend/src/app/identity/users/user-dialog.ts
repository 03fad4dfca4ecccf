import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { PasswordToggle } from '../../shared/forms/password-toggle';
import { PASSWORD_MIN_LENGTH, ROLES, Role, User } from '../data-access/models';
import { roleLabel } from '../data-access/role-label';
import { UsersStore } from '../data-access/users-store';

/** No user: add one (with a password); a user: edit e-mail, name and role. */
export type UserDialogData = { readonly user?: User };

@Component({
  selector: 'app-user-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    FieldErrorPipe,
    PasswordToggle,
    TranslatePipe,
  ],
  templateUrl: './user-dialog.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialog {
  private readonly store = inject(UsersStore);
  private readonly dialogRef = inject<MatDialogRef<UserDialog, User>>(MatDialogRef);
  private readonly i18n = inject(I18n);

  protected readonly roles = ROLES;
  protected readonly roleLabel = roleLabel;
  protected readonly user = signal(inject<UserDialogData>(MAT_DIALOG_DATA).user);
  protected readonly editing = this.user() !== undefined;
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: [this.user()?.email ?? '', [Validators.required, Validators.email]],
    displayName: [this.user()?.displayName ?? '', Validators.required],
    role: [this.user()?.role ?? ('Manager' as Role), Validators.required],
    password: [
      '',
      this.editing ? [] : [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
    ],
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly conflict = signal(false);
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
    this.conflict.set(false);
    const { email, displayName, role, password } = this.form.getRawValue();
    const common = { email: email.trim(), displayName: displayName.trim(), role };
    const user = this.user();
    try {
      const saved = user
        ? await this.store.update(user.id, { ...common, version: user.version })
        : await this.store.create({ ...common, password });
      this.dialogRef.close(saved);
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 409) {
        this.conflict.set(true);
      } else {
        this.error.set(applyServerErrors(this.form, error, this.i18n));
      }
    } finally {
      this.saving.set(false);
    }
  }

  /** After a 409: start again from what the server has now. */
  protected async reload(): Promise<void> {
    const current = this.user();
    if (!current) {
      return;
    }
    try {
      const fresh = await this.store.refresh(current.id);
      if (!fresh) {
        this.error.set(this.i18n.t('errors.notFound'));
        this.conflict.set(false);
        return;
      }
      this.user.set(fresh);
      this.form.patchValue({
        email: fresh.email,
        displayName: fresh.displayName,
        role: fresh.role,
      });
      this.conflict.set(false);
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    }
  }
}
