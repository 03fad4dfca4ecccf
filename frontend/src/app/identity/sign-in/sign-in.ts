import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { fieldErrors, problemMessage, toProblem } from '../../shared/http/problem';
import { I18n, LANGUAGES, LANGUAGE_LABELS, Language } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { PasswordToggle } from '../../shared/forms/password-toggle';
import { safeReturnUrl } from '../auth-guard';
import { SessionStore } from '../data-access/session-store';

@Component({
  selector: 'app-sign-in',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    PasswordToggle,
    TranslatePipe,
  ],
  templateUrl: './sign-in.html',
  styleUrl: './sign-in.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignIn {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);

  /** From the query string, set by the guard that sent the user here. */
  readonly returnUrl = input<string>();

  protected readonly languages = LANGUAGES;
  protected readonly languageLabels = LANGUAGE_LABELS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly passwordVisible = signal(false);

  protected async submit(): Promise<void> {
    if (this.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    const { email, password } = this.form.getRawValue();
    try {
      await this.session.signIn(email.trim(), password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.showError(error);
    } finally {
      this.submitting.set(false);
    }
  }

  protected useLanguage(language: Language): void {
    void this.session.changeLanguage(language);
  }

  private showError(error: unknown): void {
    const problem = toProblem(error);
    const fields = fieldErrors(error);
    for (const [name, messages] of Object.entries(fields)) {
      this.form.get(name)?.setErrors({ server: messages.join(' ') });
    }
    const unauthorizedWithoutText =
      error instanceof HttpErrorResponse &&
      error.status === 401 &&
      !problem?.detail &&
      !problem?.title;
    this.error.set(
      unauthorizedWithoutText ? this.i18n.t('signIn.failed') : problemMessage(error, this.i18n),
    );
  }
}
