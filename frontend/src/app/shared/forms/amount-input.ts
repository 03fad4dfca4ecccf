import { Directive, ElementRef, effect, forwardRef, inject, input, untracked } from '@angular/core';
import {
  ControlValueAccessor,
  NG_VALIDATORS,
  NG_VALUE_ACCESSOR,
  ValidationErrors,
  Validator,
} from '@angular/forms';
import { formatAmount, parseAmount } from '../format/amount';
import { I18n } from '../i18n/i18n';

/**
 * `<input matInput appAmount formControlName="budget">`: a number typed and shown in the app's
 * locale, not the browser's. The control holds a number (or null when empty); the field shows it
 * grouped ("250 000,50") once the user leaves it or the language changes, and reads what is
 * typed or pasted with or without grouping ("250 000", "250000,50", "250 000 ₽"). Text that is
 * no amount stays as typed and puts an `amount` error on the control.
 */
@Directive({
  selector: 'input[appAmount]',
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => AmountInput), multi: true },
    { provide: NG_VALIDATORS, useExisting: forwardRef(() => AmountInput), multi: true },
  ],
  host: {
    inputmode: 'decimal',
    autocomplete: 'off',
    '(input)': 'read()',
    '(blur)': 'left()',
  },
})
export class AmountInput implements ControlValueAccessor, Validator {
  /** Fraction digits allowed and shown: 2 for money. */
  readonly fractionDigits = input(2);

  private readonly element: HTMLInputElement = inject(ElementRef).nativeElement;
  private readonly i18n = inject(I18n);
  private value: number | null = null;
  private unreadable = false;
  private onChange: (value: number | null) => void = () => undefined;
  private onTouched: () => void = () => undefined;

  constructor() {
    effect(() => {
      this.i18n.locale();
      untracked(() => this.show());
    });
  }

  writeValue(value: unknown): void {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    this.value = typeof number === 'number' && Number.isFinite(number) ? number : null;
    this.unreadable = false;
    this.show();
  }

  registerOnChange(fn: (value: number | null) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.element.disabled = disabled;
  }

  validate(): ValidationErrors | null {
    return this.unreadable ? { amount: true } : null;
  }

  protected read(): void {
    const parsed = parseAmount(this.element.value, this.i18n.locale(), this.fractionDigits());
    // Set before onChange: the control validates (validate()) as it takes the value.
    this.unreadable = parsed !== null && Number.isNaN(parsed);
    this.value = this.unreadable ? null : parsed;
    this.onChange(this.value);
  }

  protected left(): void {
    this.show();
    this.onTouched();
  }

  /** Writes the value grouped; leaves text that is no amount as the user typed it. */
  private show(): void {
    if (this.unreadable) {
      return;
    }
    this.element.value =
      this.value === null
        ? ''
        : formatAmount(this.value, this.i18n.locale(), this.fractionDigits());
  }
}
