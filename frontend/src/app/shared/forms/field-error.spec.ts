import { HttpErrorResponse } from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormArray, FormControl, FormGroup, Validators } from '@angular/forms';
import { I18n } from '../i18n/i18n';
import { applyServerErrors, formPath, integerRange, validationMessage } from './field-error';

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

  it('says how to write an amount, a date or a time that could not be read, in the user language', () => {
    const control = new FormControl<number | null>(null);
    control.setErrors({ amount: true, required: true });
    expect(validationMessage(control, i18n)).toBe('Введите сумму цифрами, например 250 000,50');
    control.setErrors({ matDatepickerParse: { text: '31.02.2026' } });
    expect(validationMessage(control, i18n)).toBe('Введите дату, например 07.12.2026');
    control.setErrors({ matTimepickerParse: { text: '25:00' } });
    expect(validationMessage(control, i18n)).toBe('Введите время, например 18:00');
    control.setErrors({ max: { max: 999_999_999_999.99, actual: 1e15 } });
    expect(validationMessage(control, i18n)).toBe('Не больше 999\u00a0999\u00a0999\u00a0999,99');
    i18n.use('en');
    control.setErrors({ matDatepickerParse: { text: 'x' } });
    expect(validationMessage(control, i18n)).toBe('Enter a date like 07/12/2026');
    control.setErrors({ min: { min: 0, actual: -1 } });
    expect(validationMessage(control, i18n)).toBe('At least 0');
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

  it('puts messages on rows of form arrays (`phones[0].number`)', () => {
    expect(formPath('Phones[1].Number')).toBe('phones.1.number');
    const form = new FormGroup({
      phones: new FormArray([
        new FormGroup({ value: new FormControl('1') }),
        new FormGroup({ value: new FormControl('2') }),
      ]),
    });
    const error = new HttpErrorResponse({
      status: 400,
      error: { status: 400, errors: { 'phones[1].number': ['Это не номер телефона'] } },
    });
    const rest = applyServerErrors(form, error, i18n, (path) =>
      path.replace(/\.number$/, '.value'),
    );
    expect(rest).toBeNull();
    expect(form.get('phones.1.value')?.errors).toEqual({ server: 'Это не номер телефона' });
  });
});
