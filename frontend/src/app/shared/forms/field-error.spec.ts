import { HttpErrorResponse } from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { I18n } from '../i18n/i18n';
import { applyServerErrors, integerRange, validationMessage } from './field-error';

describe('form errors', () => {
  let i18n: I18n;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
  });

  it('explains client-side validation in the user language', () => {
    const email = new FormControl('x', [Validators.required, Validators.email]);
    const password = new FormControl('short', Validators.minLength(8));
    const minutes = new FormControl<number | null>(2000, integerRange(0, 1440));

    expect(validationMessage(email, i18n)).toBe(i18n.t('form.email'));
    expect(validationMessage(password, i18n)).toBe('Не меньше 8 символов');
    expect(validationMessage(minutes, i18n)).toBe('Введите целое число от 0 до 1440');
    minutes.setValue(30);
    expect(validationMessage(minutes, i18n)).toBe('');
  });

  it('puts server field errors on the controls and returns the rest', () => {
    const form = new FormGroup({
      email: new FormControl('a@b.c'),
      role: new FormControl('Manager'),
    });
    const error = new HttpErrorResponse({
      status: 400,
      error: { title: 'Invalid', errors: { email: ['Этот e-mail уже занят'], tenant: ['Нет'] } },
    });

    const rest = applyServerErrors(form, error, i18n);

    expect(form.controls.email.getError('server')).toBe('Этот e-mail уже занят');
    expect(validationMessage(form.controls.email, i18n)).toBe('Этот e-mail уже занят');
    expect(rest).toBe('Нет');
  });

  it('returns the problem text when no field matched', () => {
    const form = new FormGroup({ email: new FormControl('') });
    const error = new HttpErrorResponse({ status: 403, error: { title: 'Доступ запрещён' } });

    expect(applyServerErrors(form, error, i18n)).toBe('Доступ запрещён');
  });
});
