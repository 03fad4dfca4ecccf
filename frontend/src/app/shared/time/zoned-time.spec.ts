import {
  addDays,
  dayKey,
  knownZone,
  pickerDate,
  pickerDay,
  pickerTime,
  pickerTimeKey,
  startOfWeek,
  timeKey,
  zonedInstant,
} from './zoned-time';

const MOSCOW = 'Europe/Moscow'; // UTC+3 all year

describe('zoned time', () => {
  it('reads days and times in the given zone, not the browser’s', () => {
    const instant = new Date('2026-11-26T22:00:00Z');
    expect(dayKey(instant, MOSCOW)).toBe('2026-11-27');
    expect(timeKey(instant, MOSCOW)).toBe('01:00');
    expect(dayKey(instant, 'UTC')).toBe('2026-11-26');
    expect(timeKey('2026-11-26T22:00:00Z', 'America/New_York')).toBe('17:00');
  });

  it('turns a wall-clock day and time of a zone into the instant', () => {
    expect(zonedInstant('2026-11-27', '23:30', MOSCOW).toISOString()).toBe(
      '2026-11-27T20:30:00.000Z',
    );
    // Across a daylight-saving change (Berlin, 29 March 2026: 02:00 → 03:00).
    expect(zonedInstant('2026-03-29', '12:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T10:00:00.000Z',
    );
    expect(zonedInstant('2026-03-28', '12:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T11:00:00.000Z',
    );
  });

  it('gives the date pickers days and times as wall clocks, whatever the browser zone', () => {
    expect(pickerDate('2026-03-12').getDate()).toBe(12);
    expect(pickerDay(pickerDate('2026-03-12'))).toBe('2026-03-12');
    expect(pickerDay(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31');
    expect(pickerTimeKey(pickerTime('09:05'))).toBe('09:05');
    expect(pickerTimeKey(pickerTime('23:30'))).toBe('23:30');
    // An instant shown in the user's zone and read back from the pickers is the same instant.
    const iso = '2026-03-12T09:30:00.000Z';
    const day = pickerDate(dayKey(iso, 'Asia/Yekaterinburg'));
    const time = pickerTime(timeKey(iso, 'Asia/Yekaterinburg'));
    expect(pickerTimeKey(time)).toBe('14:30');
    expect(
      zonedInstant(pickerDay(day), pickerTimeKey(time), 'Asia/Yekaterinburg').toISOString(),
    ).toBe(iso);
  });

  it('falls back to the browser’s zone for a zone the platform does not know', () => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(knownZone('Mars/Olympus_Mons')).toBe(browser);
    expect(knownZone(MOSCOW)).toBe(MOSCOW);
    expect(() => dayKey(new Date(), 'Mars/Olympus_Mons')).not.toThrow();
  });

  it('walks days and weeks across months', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(startOfWeek('2026-11-29')).toBe('2026-11-23'); // Sunday → its Monday
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23');
  });
});
