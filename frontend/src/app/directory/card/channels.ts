import { FormArray, FormControl, FormGroup, Validators } from '@angular/forms';
import {
  Email,
  EmailType,
  Messenger,
  MessengerKind,
  Phone,
  PhoneType,
} from '../data-access/models';

/** One phone, e-mail or messenger row: what was typed and its type (kind). */
export type ChannelGroup = FormGroup<{ value: FormControl<string>; type: FormControl<string> }>;
export type ChannelArray = FormArray<ChannelGroup>;

export function channelGroup(value: string, type: string, maxLength = 255): ChannelGroup {
  return new FormGroup({
    value: new FormControl(value, {
      nonNullable: true,
      validators: Validators.maxLength(maxLength),
    }),
    type: new FormControl(type, { nonNullable: true }),
  });
}

export const phonesArray = (phones: readonly Phone[]): ChannelArray =>
  new FormArray(phones.map((p) => channelGroup(p.display || p.number, p.type, 50)));
export const emailsArray = (emails: readonly Email[]): ChannelArray =>
  new FormArray(emails.map((e) => channelGroup(e.address, e.type)));
export const messengersArray = (messengers: readonly Messenger[]): ChannelArray =>
  new FormArray(messengers.map((m) => channelGroup(m.handle, m.kind)));

const filled = (array: ChannelArray) =>
  array.getRawValue().filter((row) => row.value.trim().length > 0);

/** Empty rows are left out; the phone goes as typed (the server stores E.164). */
export const toPhones = (array: ChannelArray): Phone[] =>
  filled(array).map((row) => ({ number: row.value.trim(), type: row.type as PhoneType }));
export const toEmails = (array: ChannelArray): Email[] =>
  filled(array).map((row) => ({ address: row.value.trim(), type: row.type as EmailType }));
export const toMessengers = (array: ChannelArray): Messenger[] =>
  filled(array).map((row) => ({ handle: row.value.trim(), kind: row.type as MessengerKind }));

/**
 * Server paths → our controls: `phones.0.number` → `phones.0.value`, `messengers.1.kind` →
 * `messengers.1.type`. Rows left out as empty shift indexes, which is why the card sends
 * rows in order and the user rarely leaves gaps; a gap only moves the message.
 */
export function channelPath(path: string): string {
  return path
    .replace(/^(phones\.\d+)\.number$/, '$1.value')
    .replace(/^(emails\.\d+)\.address$/, '$1.value')
    .replace(/^(messengers\.\d+)\.handle$/, '$1.value')
    .replace(/^(messengers\.\d+)\.kind$/, '$1.type')
    .replace(/^((?:phones|emails)\.\d+)\.type$/, '$1.type');
}
