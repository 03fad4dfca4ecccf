import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../../shared/i18n/i18n';
import { formatDue } from './task-due';

describe('formatDue', () => {
  // 2026-11-27 15:00 in Moscow, a Friday.
  const now = new Date('2026-11-27T12:00:00Z');
  let i18n: I18n;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
    i18n.useTimeZone('Europe/Moscow');
  });

  it('says today, tomorrow and yesterday with the time in the user zone', () => {
    const at = (dueAt: string) => formatDue({ dueAt, allDay: false }, i18n, now);
    expect(at('2026-11-27T20:59:00Z')).toBe('сегодня 23:59');
    expect(at('2026-11-27T21:00:00Z')).toBe('завтра 00:00');
    expect(at('2026-11-26T07:00:00Z')).toBe('вчера 10:00');
    i18n.useTimeZone('Asia/Vladivostok');
    expect(at('2026-11-27T21:00:00Z')).toBe('завтра 07:00');
  });

  it('names another day with its weekday, and its year when not this one', () => {
    expect(formatDue({ dueAt: '2026-12-03T07:00:00Z', allDay: false }, i18n, now)).toBe(
      'чт, 3 дек., 10:00',
    );
    expect(formatDue({ dueAt: '2027-01-05T07:00:00Z', allDay: false }, i18n, now)).toBe(
      'вт, 5 янв. 2027 г., 10:00',
    );
    i18n.use('en');
    expect(formatDue({ dueAt: '2026-12-03T07:00:00Z', allDay: false }, i18n, now)).toBe(
      'Thu 3 Dec, 10:00',
    );
  });

  it('puts an all-day task on its day, from dueDate when it has one', () => {
    expect(
      formatDue({ dueAt: '2026-11-28T20:59:59Z', allDay: true, dueDate: '2026-11-28' }, i18n, now),
    ).toBe('завтра весь день');
    expect(formatDue({ dueAt: '2026-11-26T20:59:59Z', allDay: true }, i18n, now)).toBe(
      'вчера весь день',
    );
  });
});
