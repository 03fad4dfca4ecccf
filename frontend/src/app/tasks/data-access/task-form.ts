import { FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import { Task, TaskInput, TaskLink, TASK_TYPE_IDS } from './models';
import {
  addDays,
  dayKey,
  isValidDate,
  pickerDate,
  pickerDay,
  pickerTime,
  pickerTimeKey,
  timeKey,
  weekdayOf,
  zonedInstant,
} from '../../shared/time/zoned-time';

export const TEXT_MAX = 2000;
export const RESULT_MAX = 4000;
export const DURATIONS: readonly number[] = [15, 30, 45, 60, 90, 120, 180, 240];

export type TaskFieldsForm = FormGroup<{
  typeId: FormControl<string>;
  text: FormControl<string>;
  /** The date pickers' wall-clock values (`pickerDate`, `pickerTime`): read in the user's zone. */
  date: FormControl<Date | null>;
  time: FormControl<Date | null>;
  allDay: FormControl<boolean>;
  durationMinutes: FormControl<number | null>;
  responsibleId: FormControl<string>;
}>;

/** What the form holds: TaskFieldsValue with the day and time as the pickers hold them. */
export type TaskFieldsFormValue = ReturnType<TaskFieldsForm['getRawValue']>;

/** A task's fields with its day "yyyy-MM-dd" and time "HH:mm" on the user's clock. */
export interface TaskFieldsValue {
  readonly typeId: string;
  readonly text: string;
  readonly date: string;
  readonly time: string;
  readonly allDay: boolean;
  readonly durationMinutes: number | null;
  readonly responsibleId: string;
}

/** The next working day after `day` (Friday → Monday). */
export function nextWorkingDay(day: string): string {
  let next = addDays(day, 1);
  while (weekdayOf(next) > 4) {
    next = addDays(next, 1);
  }
  return next;
}

/**
 * What a new task starts with: a call on the next working day at the hour the previous task
 * had (10:00 without one), for whoever held the previous task.
 */
export function defaultFields(
  now: Date,
  timeZone: string,
  previous?: Pick<Task, 'typeId' | 'dueAt' | 'allDay' | 'responsibleId'> | null,
  responsibleId = '',
): TaskFieldsValue {
  const time = previous && !previous.allDay ? timeKey(previous.dueAt, timeZone) : '10:00';
  return {
    typeId: previous?.typeId ?? TASK_TYPE_IDS.call,
    text: '',
    date: nextWorkingDay(dayKey(now, timeZone)),
    time,
    allDay: false,
    durationMinutes: null,
    responsibleId: previous?.responsibleId ?? responsibleId,
  };
}

/** A task's fields as the form shows them, in the viewer's zone. */
export function fieldsOf(task: Task, timeZone: string): TaskFieldsValue {
  return {
    typeId: task.typeId,
    text: task.text,
    date: task.allDay && task.dueDate ? task.dueDate : dayKey(task.dueAt, timeZone),
    time: task.allDay ? '10:00' : timeKey(task.dueAt, timeZone),
    allDay: task.allDay,
    durationMinutes: task.durationMinutes,
    responsibleId: task.responsibleId,
  };
}

export function taskFieldsForm(fb: NonNullableFormBuilder, value: TaskFieldsValue): TaskFieldsForm {
  return fb.group({
    typeId: fb.control(value.typeId, Validators.required),
    text: fb.control(value.text, [Validators.required, Validators.maxLength(TEXT_MAX)]),
    date: new FormControl<Date | null>(pickerDate(value.date), Validators.required),
    time: new FormControl<Date | null>(pickerTime(value.time)),
    allDay: fb.control(value.allDay),
    durationMinutes: new FormControl<number | null>(value.durationMinutes),
    responsibleId: fb.control(value.responsibleId),
  });
}

/**
 * The request fields of a valid form: a timed task's instant in the user's zone, or an all-day
 * date. A time left empty is 10:00.
 */
export function toTaskInput(
  value: TaskFieldsFormValue,
  timeZone: string,
  link: TaskLink | null,
): TaskInput {
  if (!isValidDate(value.date)) {
    throw new Error('toTaskInput: a task form without a valid date');
  }
  const date = pickerDay(value.date);
  const time = isValidDate(value.time) ? pickerTimeKey(value.time) : '10:00';
  const due = value.allDay
    ? { allDay: true, dueDate: date }
    : { allDay: false, dueAt: zonedInstant(date, time, timeZone).toISOString() };
  return {
    typeId: value.typeId,
    text: value.text.trim(),
    ...due,
    durationMinutes: value.allDay ? null : value.durationMinutes,
    ...(value.responsibleId ? { responsibleId: value.responsibleId } : {}),
    ...(link ? { linkKind: link.kind, linkId: link.id } : {}),
  };
}

/** A task's own fields as a PUT body (PUT replaces: a left-out link would remove it). */
export function inputOf(task: Task): TaskInput {
  return {
    typeId: task.typeId,
    text: task.text,
    ...(task.allDay && task.dueDate
      ? { allDay: true, dueDate: task.dueDate }
      : { allDay: false, dueAt: task.dueAt }),
    durationMinutes: task.allDay ? null : task.durationMinutes,
    responsibleId: task.responsibleId,
    ...(task.link ? { linkKind: task.link.kind, linkId: task.link.id } : {}),
  };
}

/** The same task moved to another day, keeping its time of day (in the viewer's zone). */
export function movedTo(task: Task, day: string, timeZone: string): TaskInput {
  const base = inputOf(task);
  if (task.allDay) {
    return { ...base, allDay: true, dueDate: day, dueAt: undefined };
  }
  return {
    ...base,
    dueAt: zonedInstant(day, timeKey(task.dueAt, timeZone), timeZone).toISOString(),
  };
}

/** The same timed task some minutes earlier or later (the calendar's Alt+↑ / Alt+↓). */
export function shiftedBy(task: Task, minutes: number): TaskInput {
  return {
    ...inputOf(task),
    allDay: false,
    dueAt: new Date(Date.parse(task.dueAt) + minutes * 60_000).toISOString(),
  };
}
