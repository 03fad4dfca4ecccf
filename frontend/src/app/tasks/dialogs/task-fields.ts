import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTimepickerModule } from '@angular/material/timepicker';
import { PeopleStore } from '../../identity';
import { FieldErrorPipe } from '../../shared/forms/field-error';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { translateDatepicker } from '../../shared/time/datepicker-intl';
import { TaskTypesStore } from '../data-access/task-types-store';
import { DURATIONS, TEXT_MAX, TaskFieldsForm } from '../data-access/task-form';

/**
 * A task's own fields: type, due date and time (or «Весь день») typed and picked in the app's
 * language (`LocaleDateAdapter`), duration, text and responsible. Shared by the task dialog and the complete dialog's «следующая задача».
 */
@Component({
  selector: 'app-task-fields',
  imports: [
    ReactiveFormsModule,
    MatCheckboxModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTimepickerModule,
    FieldErrorPipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fields" [formGroup]="form()">
      <div class="row">
        <mat-form-field class="type">
          <mat-label>{{ 'tasks.type' | t }}</mat-label>
          <mat-select formControlName="typeId">
            @for (type of types.types(); track type.id) {
              <mat-option [value]="type.id">{{ type.name }}</mat-option>
            }
          </mat-select>
          <mat-error>{{ form().controls.typeId | fieldError }}</mat-error>
        </mat-form-field>
        <mat-form-field class="date">
          <mat-label>{{ 'tasks.dueDate' | t }}</mat-label>
          <input matInput [matDatepicker]="datePicker" formControlName="date" />
          <mat-datepicker-toggle matIconSuffix [for]="datePicker" />
          <mat-datepicker #datePicker />
          <mat-error>{{ form().controls.date | fieldError }}</mat-error>
        </mat-form-field>
        @if (!form().controls.allDay.value) {
          <mat-form-field class="time">
            <mat-label>{{ 'tasks.dueTime' | t }}</mat-label>
            <input matInput [matTimepicker]="timePicker" formControlName="time" />
            <mat-timepicker-toggle
              matIconSuffix
              [for]="timePicker"
              [ariaLabel]="'dates.openTimes' | t"
            />
            <mat-timepicker #timePicker />
            <mat-error>{{ form().controls.time | fieldError }}</mat-error>
          </mat-form-field>
        }
      </div>
      <div class="row">
        <mat-checkbox formControlName="allDay">{{ 'tasks.allDay' | t }}</mat-checkbox>
        @if (!form().controls.allDay.value) {
          <mat-form-field class="duration" subscriptSizing="dynamic">
            <mat-label>{{ 'tasks.duration' | t }}</mat-label>
            <mat-select formControlName="durationMinutes">
              <mat-option [value]="null">—</mat-option>
              @for (minutes of durations; track minutes) {
                <mat-option [value]="minutes">{{
                  minutes < 60
                    ? ('tasks.minutes' | t: { n: minutes })
                    : ('tasks.hours' | t: { n: minutes / 60 })
                }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
      </div>
      <mat-form-field>
        <mat-label>{{ 'tasks.text' | t }}</mat-label>
        <textarea matInput formControlName="text" rows="2" [attr.maxlength]="textMax"></textarea>
        <mat-error>{{ form().controls.text | fieldError }}</mat-error>
      </mat-form-field>
      @if (showResponsible()) {
        <mat-form-field>
          <mat-label>{{ 'tasks.responsible' | t }}</mat-label>
          <mat-select formControlName="responsibleId">
            <mat-option value="">{{ defaultResponsible() | t }}</mat-option>
            @for (user of people.active(); track user.id) {
              <mat-option [value]="user.id">{{ user.displayName }}</mat-option>
            }
          </mat-select>
          <mat-error>{{ form().controls.responsibleId | fieldError }}</mat-error>
        </mat-form-field>
      }
    </div>
  `,
  styles: `
    .fields {
      display: flex;
      flex-direction: column;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 12px;
    }
    .type {
      flex: 1 1 140px;
    }
    .date {
      flex: 1 1 160px;
    }
    .time {
      flex: 0 1 130px;
    }
    .duration {
      flex: 0 1 200px;
      margin-bottom: 12px;
    }
    mat-checkbox {
      margin-bottom: 12px;
    }
  `,
})
export class TaskFields {
  readonly form = input.required<TaskFieldsForm>();
  readonly showResponsible = input(true);
  /** What the responsible left empty stands for. */
  readonly defaultResponsible = input<TranslationKey>('tasks.responsibleDefault');
  protected readonly types = inject(TaskTypesStore);
  protected readonly people = inject(PeopleStore);
  protected readonly durations = DURATIONS;
  protected readonly textMax = TEXT_MAX;

  constructor() {
    translateDatepicker();
    void this.types.ensureLoaded();
    void this.people.ensureLoaded();
  }
}
