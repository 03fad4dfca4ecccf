import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../i18n/i18n';
import { formatDuration, formatRelativeDateTime } from './relative-time';

describe('relative time', () => {
  let i18n: I18n;
  // 12:00 in Moscow (UTC+3).
  const now = new Date('2026-03-12T09:00:00Z');

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
    i18n.useTimeZone('Europe/Moscow');
  });

  it('says "сегодня 15:30" and "вчера" in the user\'s time zone', () => {
    expect(formatRelativeDateTime('2026-03-12T06:30:00Z', i18n, now)).toBe('сегодня 09:30');
    // 23:30 UTC on the 11th is already the 12th in Moscow.
    expect(formatRelativeDateTime('2026-03-11T23:30:00Z', i18n, now)).toBe('сегодня 02:30');
    expect(formatRelativeDateTime('2026-03-11T12:05:00Z', i18n, now)).toBe('вчера 15:05');
  });

  it('gives the full date for older moments, and speaks English when asked', () => {
    expect(formatRelativeDateTime('2026-03-01T12:00:00Z', i18n, now)).toMatch(/1 мар.*2026.*15:00/);
    i18n.use('en');
    expect(formatRelativeDateTime('2026-03-12T06:30:00Z', i18n, now)).toBe('today 09:30');
  });

  it('tells the time in stage in minutes, hours or days', () => {
    expect(formatDuration('2026-03-12T08:55:00Z', i18n, now)).toBe('5 мин');
    expect(formatDuration('2026-03-12T08:59:59Z', i18n, now)).toBe('1 мин');
    expect(formatDuration('2026-03-12T06:00:00Z', i18n, now)).toBe('3 ч');
    expect(formatDuration('2026-03-10T09:00:00Z', i18n, now)).toBe('2 дн.');
  });
});
