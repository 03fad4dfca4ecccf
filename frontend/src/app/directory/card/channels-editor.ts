import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { FieldErrorPipe } from '../../shared/forms/field-error';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { ChannelArray, channelGroup } from './channels';

/**
 * Phones, e-mails or messengers of a card: a row per entry with its type, remove, and
 * «добавить». The form around saves them all together.
 */
@Component({
  selector: 'app-channels-editor',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    FieldErrorPipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="channels">
      <legend>{{ legend() | t }}</legend>
      @for (row of array().controls; track row; let i = $index) {
        <div class="row" [formGroup]="row">
          <mat-form-field class="value" subscriptSizing="dynamic">
            <mat-label>{{ valueLabel() | t }} {{ i + 1 }}</mat-label>
            <input
              matInput
              formControlName="value"
              [type]="inputType()"
              [attr.inputmode]="inputType() === 'tel' ? 'tel' : null"
            />
            <mat-error>{{ row.controls.value | fieldError }}</mat-error>
          </mat-form-field>
          <mat-form-field class="type" subscriptSizing="dynamic">
            <mat-label>{{ 'record.type' | t }}</mat-label>
            <mat-select formControlName="type">
              @for (type of types(); track type) {
                <mat-option [value]="type">{{ typeLabel(type) | t }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button
            mat-icon-button
            type="button"
            [attr.aria-label]="'record.removeRow' | t: { n: i + 1 }"
            (click)="remove(i)"
          >
            <mat-icon aria-hidden="true">close</mat-icon>
          </button>
        </div>
      }
      <button mat-button type="button" class="add" (click)="add()">
        <mat-icon aria-hidden="true">add</mat-icon>{{ addLabel() | t }}
      </button>
    </fieldset>
  `,
  styles: `
    .channels {
      border: 0;
      margin: 0 0 6px;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    legend {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      padding: 0;
      margin-bottom: 4px;
    }
    .row {
      display: flex;
      align-items: flex-start;
      gap: 6px;
    }
    .value {
      flex: 1 1 auto;
      min-width: 0;
    }
    .type {
      width: 150px;
      flex: 0 0 auto;
    }
    .add {
      align-self: flex-start;
    }
    /* Phone width: the value takes the whole line, type and remove go under it. */
    @media (max-width: 480px) {
      .row {
        flex-wrap: wrap;
      }
      .value {
        flex-basis: 100%;
      }
      .type {
        flex: 1 1 auto;
      }
    }
  `,
})
export class ChannelsEditor {
  readonly array = input.required<ChannelArray>();
  readonly types = input.required<readonly string[]>();
  /** `phoneType.` → `phoneType.work`. */
  readonly typePrefix = input.required<'phoneType' | 'emailType' | 'messengerKind'>();
  readonly legend = input.required<TranslationKey>();
  readonly valueLabel = input.required<TranslationKey>();
  readonly addLabel = input.required<TranslationKey>();
  readonly inputType = input<'tel' | 'email' | 'text'>('text');

  protected typeLabel(type: string): TranslationKey {
    return `${this.typePrefix()}.${type}` as TranslationKey;
  }

  protected add(): void {
    this.array().push(channelGroup('', this.types()[0] ?? 'other'));
    this.array().markAsDirty();
  }

  protected remove(index: number): void {
    this.array().removeAt(index);
    this.array().markAsDirty();
  }
}
