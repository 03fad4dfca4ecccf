import {
  addDays,
  dayKey,
  fromZonedInput,
  knownZone,
  startOfWeek,
  timeKey,
  toZonedInput,
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

  it('fills and reads a datetime-local input in the zone', () => {
    expect(toZonedInput('2026-03-12T09:30:00Z', MOSCOW)).toBe('2026-03-12T12:30');
    expect(toZonedInput('2026-03-12T09:30:00Z', 'Asia/Yekaterinburg')).toBe('2026-03-12T14:30');
    expect(toZonedInput(null, MOSCOW)).toBe('');
    expect(fromZonedInput('2026-03-12T12:30', MOSCOW)).toBe('2026-03-12T09:30:00.000Z');
    expect(fromZonedInput('', MOSCOW)).toBeNull();
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
