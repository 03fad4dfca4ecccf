import { Pipe, PipeTransform, inject } from '@angular/core';
import { AbstractControl, FormGroup, ValidatorFn } from '@angular/forms';
import { fieldErrors, problemMessage } from '../http/problem';
import { formatAmount } from '../format/amount';
import { I18n } from '../i18n/i18n';

/** A whole number from `min` to `max` (inclusive); empty counts as missing, not as 0. */
export function integerRange(min: number, max: number): ValidatorFn {
  return (control) => {
    const value: unknown = control.value;
    if (value === null || value === '') {
      return null;
    }
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max
      ? null
      : { range: { min, max } };
  };
}

/** The message for a control's first error, in the user's language ('' when valid). */
export function validationMessage(control: AbstractControl | null, i18n: I18n): string {
  const errors = control?.errors;
  if (!errors) {
    return '';
  }
  if (errors['server']) {
    return String(errors['server']);
  }
  // Text that could not be read comes first: its control's value is empty, not missing.
  if (errors['amount']) {
    return i18n.t('form.amountInvalid');
  }
  if (errors['matDatepickerParse']) {
    const example = new Intl.DateTimeFormat(i18n.locale(), {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(2026, 11, 7));
    return i18n.t('form.dateInvalid', { example });
  }
  if (errors['matTimepickerParse']) {
    return i18n.t('form.timeInvalid');
  }
  if (errors['required']) {
    return i18n.t('form.required');
  }
  if (errors['email']) {
    return i18n.t('form.email');
  }
  if (errors['minlength']) {
    return i18n.t('form.minLength', { n: errors['minlength'].requiredLength });
  }
  if (errors['range']) {
    return i18n.t('form.range', errors['range']);
  }
  if (errors['min']) {
    return i18n.t('form.min', { min: formatAmount(errors['min'].min, i18n.locale(), 6) });
  }
  if (errors['max']) {
    return i18n.t('form.max', { max: formatAmount(errors['max'].max, i18n.locale(), 6) });
  }
  const custom = Object.values(errors).find((value) => typeof value === 'string');
  return typeof custom === 'string' ? custom : i18n.t('errors.invalid');
}

/** `<mat-error>{{ form.controls.email | fieldError }}</mat-error>` */
@Pipe({ name: 'fieldError', pure: false })
export class FieldErrorPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(control: AbstractControl | null): string {
    return validationMessage(control, this.i18n);
  }
}

/**
 * The server's field name as a form path: `phones[0].Number` → `phones.0.number` (each
 * segment starts lower-case, as our controls do).
 */
export function formPath(serverKey: string): string {
  return serverKey
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
    .join('.');
}

/**
 * Puts the server's field messages (problem `errors`) on the matching controls as a
 * `server` error and returns what is left for the form-level message: the messages of
 * fields the form does not have, or the problem's own text when no field matched.
 * `rename` maps a server path (`phones.0.number`) to a control path when they differ.
 */
export function applyServerErrors(
  form: FormGroup,
  error: unknown,
  i18n: I18n,
  rename: (path: string) => string = (path) => path,
): string | null {
  const unmatched: string[] = [];
  let matched = false;
  for (const [name, messages] of Object.entries(fieldErrors(error))) {
    const control = name ? (form.get(rename(formPath(name))) ?? form.get(name)) : null;
    if (control) {
      control.setErrors({ ...control.errors, server: messages.join(' ') });
      control.markAsTouched();
      matched = true;
    } else {
      unmatched.push(...messages);
    }
  }
  if (unmatched.length > 0) {
    return unmatched.join(' ');
  }
  return matched ? null : problemMessage(error, i18n);
}
