import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  forwardRef,
  inject,
  input,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  ControlValueAccessor,
  FormControl,
  NG_VALIDATORS,
  NG_VALUE_ACCESSOR,
  ReactiveFormsModule,
  ValidationErrors,
  Validator,
} from '@angular/forms';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTimepickerModule } from '@angular/material/timepicker';
import { merge } from 'rxjs';
import { I18n } from '../i18n/i18n';
import { translateDatepicker } from '../time/datepicker-intl';
import { TranslatePipe } from '../i18n/translate';
import {
  dayKey,
  isValidDate,
  pickerDate,
  pickerDay,
  pickerTime,
  pickerTimeKey,
  timeKey,
  zonedInstant,
} from '../time/zoned-time';
import { FieldErrorPipe } from './field-error';

/**
 * `<app-date-time-field formControlName="deadline" [label]="…" />`: an instant (ISO string, or
 * null) typed and picked as a date and a time on the user's clock — the zone of their settings,
 * not the browser's — in the app's language ("07.12.2026" and "18:00" in Russian, through
 * `LocaleDateAdapter`). A date without a time takes `defaultTime`. What cannot be read is
 * shown at its field and makes the control invalid.
 */
@Component({
  selector: 'app-date-time-field',
  imports: [
    ReactiveFormsModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatTimepickerModule,
    FieldErrorPipe,
    TranslatePipe,
  ],
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => DateTimeField), multi: true },
    { provide: NG_VALIDATORS, useExisting: forwardRef(() => DateTimeField), multi: true },
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field class="date">
      <mat-label>{{ label() }}</mat-label>
      <input matInput [matDatepicker]="datePicker" [formControl]="date" (blur)="onTouched()" />
      <mat-datepicker-toggle matIconSuffix [for]="datePicker" />
      <mat-datepicker #datePicker />
      <mat-error>{{ date | fieldError }}</mat-error>
    </mat-form-field>
    <mat-form-field class="time">
      <mat-label>{{ 'dates.time' | t }}</mat-label>
      <input matInput [matTimepicker]="timePicker" [formControl]="time" (blur)="onTouched()" />
      <mat-timepicker-toggle matIconSuffix [for]="timePicker" [ariaLabel]="'dates.openTimes' | t" />
      <mat-timepicker #timePicker />
      <mat-error>{{ time | fieldError }}</mat-error>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: flex;
      gap: 0 12px;
    }
    .date {
      flex: 1 1 160px;
    }
    .time {
      flex: 0 1 130px;
    }
  `,
})
export class DateTimeField implements ControlValueAccessor, Validator {
  readonly label = input.required<string>();
  /** The wall-clock time a date gets when none is typed ("18:00": the end of a working day). */
  readonly defaultTime = input('18:00');

  protected readonly date = new FormControl<Date | null>(null);
  protected readonly time = new FormControl<Date | null>(null);
  private readonly i18n = inject(I18n);
  private value: string | null = null;
  private onChange: (value: string | null) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  constructor() {
    translateDatepicker();
    merge(this.date.valueChanges, this.time.valueChanges)
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => this.changed());
    // Another zone in the settings shows the same instant on the new clock.
    effect(() => {
      this.i18n.timeZone();
      untracked(() => this.show());
    });
  }

  writeValue(value: unknown): void {
    this.value = typeof value === 'string' && value ? value : null;
    this.show();
  }

  registerOnChange(fn: (value: string | null) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    for (const control of [this.date, this.time]) {
      if (disabled) {
        control.disable({ emitEvent: false });
      } else {
        control.enable({ emitEvent: false });
      }
    }
  }

  validate(): ValidationErrors | null {
    return this.date.errors ?? this.time.errors;
  }

  private show(): void {
    const zone = this.i18n.timeZone();
    const iso = this.value;
    this.date.setValue(iso ? pickerDate(dayKey(iso, zone)) : null, { emitEvent: false });
    this.time.setValue(iso ? pickerTime(timeKey(iso, zone)) : null, { emitEvent: false });
  }

  private changed(): void {
    const date = this.date.value;
    let time = this.time.value;
    if (!isValidDate(date) || this.time.invalid) {
      // Empty, or text that is no date or time (its error shows at the field).
      this.value = null;
    } else {
      if (!isValidDate(time)) {
        time = pickerTime(this.defaultTime());
        this.time.setValue(time, { emitEvent: false });
      }
      const instant = zonedInstant(pickerDay(date), pickerTimeKey(time), this.i18n.timeZone());
      this.value = instant.toISOString();
    }
    this.onChange(this.value);
  }
}
