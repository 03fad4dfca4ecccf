import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { translateDatepicker } from '../time/datepicker-intl';
import { isValidDate, pickerDate, pickerDay } from '../time/zoned-time';
import { AmountInput } from './amount-input';
import { CustomField, CustomFieldValue } from './custom-field';
import { FieldErrorPipe } from './field-error';
import { TranslatePipe } from '../i18n/translate';

/** A date field holds the date picker's `Date` (see `pickerDate`); the value sent is its day. */
export type CustomControl = FormControl<CustomFieldValue | Date>;
export type CustomFieldsGroup = FormGroup<Record<string, CustomControl>>;

/** What a field's control starts with: a date as the picker holds it, a number or nothing. */
function initialValue(field: CustomField, value: CustomFieldValue): CustomFieldValue | Date {
  switch (field.type) {
    case 'checkbox':
      return value === true;
    case 'multiselect':
      return Array.isArray(value) ? value : [];
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? pickerDate(value)
        : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    default:
      return value ?? '';
  }
}

/** A control per field, filled from the record's values (by field id). */
export function customFieldsGroup(
  fields: readonly CustomField[],
  values: Readonly<Record<string, CustomFieldValue>>,
): CustomFieldsGroup {
  const controls: Record<string, CustomControl> = {};
  for (const field of fields) {
    controls[field.id] = new FormControl(initialValue(field, values[field.id] ?? null), {
      validators: field.type === 'url' ? [Validators.pattern(/^https?:\/\/\S+$/i)] : [],
    });
  }
  return new FormGroup<Record<string, CustomControl>>(controls);
}

/** The values to send: empty text and empty selections become null, a date its day. */
export function customFieldValues(group: CustomFieldsGroup): Record<string, CustomFieldValue> {
  const values: Record<string, CustomFieldValue> = {};
  for (const [key, control] of Object.entries(group.controls)) {
    const v = control.value;
    if (v instanceof Date) {
      values[key] = isValidDate(v) ? pickerDay(v) : null;
    } else {
      values[key] = v === '' || (Array.isArray(v) && v.length === 0) ? null : v;
    }
  }
  return values;
}

/** The custom fields of a card (deal, company, contact), one control per field by type. */
@Component({
  selector: 'app-custom-fields-editor',
  imports: [
    ReactiveFormsModule,
    MatCheckboxModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    AmountInput,
    FieldErrorPipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (field of fields(); track field.id) {
      @if (group().controls[field.id]; as control) {
        @switch (field.type) {
          @case ('checkbox') {
            <mat-checkbox class="check" [formControl]="control">{{ field.name }}</mat-checkbox>
          }
          @case ('select') {
            <mat-form-field>
              <mat-label>{{ field.name }}</mat-label>
              <mat-select [formControl]="control">
                <mat-option value="">—</mat-option>
                @for (option of field.options; track option) {
                  <mat-option [value]="option">{{ option }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
          }
          @case ('multiselect') {
            <mat-form-field>
              <mat-label>{{ field.name }}</mat-label>
              <mat-select [formControl]="control" multiple>
                @for (option of field.options; track option) {
                  <mat-option [value]="option">{{ option }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
          }
          @case ('date') {
            <mat-form-field>
              <mat-label>{{ field.name }}</mat-label>
              <input matInput [matDatepicker]="picker" [formControl]="control" />
              <mat-datepicker-toggle matIconSuffix [for]="picker" />
              <mat-datepicker #picker />
              <mat-error>{{ control | fieldError }}</mat-error>
            </mat-form-field>
          }
          @case ('number') {
            <mat-form-field>
              <mat-label>{{ field.name }}</mat-label>
              <input matInput appAmount [fractionDigits]="6" [formControl]="control" />
              <mat-error>{{ control | fieldError }}</mat-error>
            </mat-form-field>
          }
          @default {
            <mat-form-field>
              <mat-label>{{ field.name }}</mat-label>
              <input
                matInput
                [type]="field.type === 'url' ? 'url' : 'text'"
                [formControl]="control"
              />
              @if (field.type === 'url' && control.hasError('pattern')) {
                <mat-error>{{ 'deal.urlInvalid' | t }}</mat-error>
              } @else {
                <mat-error>{{ control | fieldError }}</mat-error>
              }
            </mat-form-field>
          }
        }
      }
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .check {
      margin: 4px 0 8px;
    }
  `,
})
export class CustomFieldsEditor {
  readonly fields = input.required<readonly CustomField[]>();
  readonly group = input.required<CustomFieldsGroup>();

  constructor() {
    translateDatepicker();
  }
}
