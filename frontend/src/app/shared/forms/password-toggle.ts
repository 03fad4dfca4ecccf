import { ChangeDetectionStrategy, Component, model } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { TranslatePipe } from '../i18n/translate';

/**
 * The eye button at the end of a password field: shows or hides what was typed. Two-way bound to
 * the field's visibility, `<crm-password-toggle matSuffix [(visible)]="passwordVisible" />`, and
 * the input takes `[type]="passwordVisible() ? 'text' : 'password'"`.
 */
@Component({
  selector: 'crm-password-toggle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconButton, MatIcon, TranslatePipe],
  template: `
    <button
      mat-icon-button
      type="button"
      [attr.aria-label]="(visible() ? 'form.hidePassword' : 'form.showPassword') | t"
      [attr.aria-pressed]="visible()"
      (click)="visible.set(!visible())"
    >
      <mat-icon aria-hidden="true">{{ visible() ? 'visibility_off' : 'visibility' }}</mat-icon>
    </button>
  `,
})
export class PasswordToggle {
  readonly visible = model(false);
}
