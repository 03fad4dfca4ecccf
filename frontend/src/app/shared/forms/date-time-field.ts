import {
  AfterContentInit,
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  DestroyRef,
  effect,
  forwardRef,
  inject,
  Injector,
  input,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  ControlValueAccessor,
  FormControl,
  NG_VALIDATORS,
  NG_VALUE_ACCESSOR,
  NgControl,
  ReactiveFormsModule,
  ValidationErrors,
  Validator,
} from '@angular/forms';
import { ErrorStateMatcher } from '@angular/material/core';
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
import { FieldErrorPipe, validationMessage } from './field-error';

/**
 * `<app-date-time-field formControlName="deadline" [label]="…" />`: an instant (ISO string, or
 * null) typed and picked as a date and a time on the user's clock — the zone of their settings,
 * not the browser's — in the app's language ("07.12.2026" and "18:00" in Russian, through
 * `LocaleDateAdapter`). A date without a time takes `defaultTime`. What cannot be read is
 * shown at its field and makes the control invalid. What is wrong with the instant itself — its
 * form control's own errors once touched (`required`, the server's), or `error` from outside —
 * is said at the date, and both fields are marked invalid (`aria-invalid`).
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
      <input
        matInput
        [matDatepicker]="datePicker"
        [formControl]="date"
        [errorStateMatcher]="whole"
        (blur)="onTouched()"
      />
      <mat-datepicker-toggle matIconSuffix [for]="datePicker" />
      <mat-datepicker #datePicker />
      <mat-error>{{ date.invalid ? (date | fieldError) : wholeError() }}</mat-error>
    </mat-form-field>
    <mat-form-field class="time">
      <mat-label>{{ 'dates.time' | t }}</mat-label>
      <input
        matInput
        [matTimepicker]="timePicker"
        [formControl]="time"
        [errorStateMatcher]="whole"
        (blur)="onTouched()"
      />
      <mat-timepicker-toggle matIconSuffix [for]="timePicker" [ariaLabel]="'dates.openTimes' | t" />
      <mat-timepicker #timePicker />
      <mat-error>{{ time | fieldError }}</mat-error>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      /* Wrapped (a narrow board column), the date's message keeps clear of the time's label. */
      gap: 6px 12px;
    }
    .date {
      flex: 1 1 160px;
    }
    .time {
      flex: 0 1 130px;
    }
  `,
})
export class DateTimeField implements ControlValueAccessor, Validator, AfterContentInit {
  readonly label = input.required<string>();
  /** The wall-clock time a date gets when none is typed ("18:00": the end of a working day). */
  readonly defaultTime = input('18:00');
  /** A message about the instant from outside (a rule its form checks on save, the server's). */
  readonly error = input<string | null>(null);

  protected readonly date = new FormControl<Date | null>(null);
  protected readonly time = new FormControl<Date | null>(null);
  private readonly i18n = inject(I18n);
  private readonly injector = inject(Injector);
  private readonly changes = inject(ChangeDetectorRef);
  private readonly destroyRef = inject(DestroyRef);
  /** The form control this field is (formControlName's), read once it exists. */
  private outer: AbstractControl | null = null;
  private value: string | null = null;
  private onChange: (value: string | null) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  /** A field is in error for its own unreadable text, or when the instant is (wholeError). */
  protected readonly whole: ErrorStateMatcher = {
    isErrorState: (control) =>
      (!!control?.invalid && (control.touched || !!this.outer?.touched)) || !!this.wholeError(),
  };

  constructor() {
    translateDatepicker();
    merge(this.date.valueChanges, this.time.valueChanges)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.changed());
    // Another zone in the settings shows the same instant on the new clock.
    effect(() => {
      this.i18n.timeZone();
      untracked(() => this.show());
    });
  }

  ngAfterContentInit(): void {
    // Not injected in the constructor: the control takes this field as its value accessor; and
    // formControlName has its control only after its own first changes, past this field's init.
    this.outer =
      this.injector.get(NgControl, null, { self: true, optional: true })?.control ?? null;
    // Its errors and touched state change from outside (a save marks all touched, the server's
    // message is set on it): the field shows them.
    this.outer?.events
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.changes.markForCheck());
  }

  /**
   * What is wrong with the instant, not with the text typed (that is said at its field): the
   * `error` given, else the control's own errors once touched.
   */
  protected wholeError(): string {
    if (this.date.invalid || this.time.invalid) {
      return '';
    }
    const outer = this.outer;
    return this.error() ?? (outer?.touched ? validationMessage(outer, this.i18n) : '');
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
