import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import {
  AbstractControl,
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { PasswordToggle } from '../../shared/forms/password-toggle';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { IdentityApi } from '../data-access/identity-api';
import { PASSWORD_MIN_LENGTH } from '../data-access/models';
import { SessionStore } from '../data-access/session-store';

/**
 * «Пароль и сеансы» in My settings: change my password (other sessions end, API tokens too when
 * asked; docs/identity-api.md) and sign out on every device, this one included.
 */
@Component({
  selector: 'app-password-and-sessions',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    FieldErrorPipe,
    PasswordToggle,
    TranslatePipe,
  ],
  templateUrl: './password-and-sessions.html',
  styleUrl: './password-and-sessions.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordAndSessions {
  private readonly api = inject(IdentityApi);
  private readonly session = inject(SessionStore);
  private readonly hub = inject(CrmHub);
  private readonly router = inject(Router);
  private readonly confirmation = inject(Confirmation);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);

  /** The API tokens were revoked: the token list is to be read again. */
  readonly tokensRevoked = output<void>();

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
    repeatPassword: [
      '',
      [Validators.required, (control: AbstractControl) => this.sameAsNew(control)],
    ],
    revokeApiTokens: [false],
  });
  protected readonly passwordsVisible = signal(false);
  protected readonly changing = signal(false);
  protected readonly passwordError = signal<string | null>(null);
  protected readonly signingOut = signal(false);

  constructor() {
    // The repeat is checked again when the new password changes under it.
    this.form.controls.newPassword.valueChanges.subscribe(() =>
      this.form.controls.repeatPassword.updateValueAndValidity({ emitEvent: false }),
    );
  }

  protected async changePassword(formDirective: FormGroupDirective): Promise<void> {
    if (this.changing()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.changing.set(true);
    this.passwordError.set(null);
    const { currentPassword, newPassword, revokeApiTokens } = this.form.getRawValue();
    try {
      await firstValueFrom(
        this.api.changePassword({ currentPassword, newPassword, revokeApiTokens }),
      );
      formDirective.resetForm({
        currentPassword: '',
        newPassword: '',
        repeatPassword: '',
        revokeApiTokens: false,
      });
      this.passwordsVisible.set(false);
      if (revokeApiTokens) {
        this.tokensRevoked.emit();
      }
      this.notify(
        this.i18n.t(revokeApiTokens ? 'password.changedAndTokensRevoked' : 'password.changed'),
      );
    } catch (error) {
      this.passwordError.set(applyServerErrors(this.form, error, this.i18n));
    } finally {
      this.changing.set(false);
    }
  }

  protected async signOutEverywhere(): Promise<void> {
    const confirmed = await this.confirmation.ask({
      title: this.i18n.t('sessions.signOutEverywhereTitle'),
      message: this.i18n.t('sessions.signOutEverywhereConfirm'),
      confirm: this.i18n.t('sessions.signOutEverywhere'),
    });
    if (!confirmed || this.signingOut()) {
      return;
    }
    this.signingOut.set(true);
    try {
      await firstValueFrom(this.api.signOutEverywhere());
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
      return;
    } finally {
      this.signingOut.set(false);
    }
    // This session ended with the others: leave as a sign-out does.
    await this.hub.stop();
    this.session.expire();
    await this.router.navigate(['/sign-in']);
    this.notify(this.i18n.t('sessions.signedOutEverywhere'));
  }

  private sameAsNew(control: AbstractControl): ValidationErrors | null {
    const value = control.value as string;
    return value && this.form && value !== this.form.controls.newPassword.value
      ? { server: this.i18n.t('password.mismatch') }
      : null;
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 5000 });
  }
}
