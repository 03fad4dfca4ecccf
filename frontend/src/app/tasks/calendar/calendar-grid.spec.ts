import { byDay, keyMove, movedTask, step, visibleDays } from './calendar-grid';

describe('calendar grid', () => {
  it('shows a day, a Monday-to-Sunday week, or six weeks around the month', () => {
    expect(visibleDays('day', '2026-11-27')).toEqual(['2026-11-27']);
    const week = visibleDays('week', '2026-11-27');
    expect(week[0]).toBe('2026-11-23');
    expect(week[6]).toBe('2026-11-29');
    const month = visibleDays('month', '2026-11-27');
    expect(month).toHaveLength(42);
    expect(month[0]).toBe('2026-10-26'); // the Monday before 1 November
    expect(month).toContain('2026-11-30');
  });

  it('steps by a day, a week or a month', () => {
    expect(step('day', '2026-11-30', 1)).toBe('2026-12-01');
    expect(step('week', '2026-11-27', -1)).toBe('2026-11-20');
    expect(step('month', '2026-12-15', 1)).toBe('2027-01-01');
    expect(step('month', '2026-01-31', -1)).toBe('2025-12-01');
  });

  it('puts tasks on their days, oldest due first', () => {
    const tasks = [
      { id: 'b', dueAt: '2026-11-27T12:00:00Z', day: '2026-11-27' },
      { id: 'a', dueAt: '2026-11-27T08:00:00Z', day: '2026-11-27' },
      { id: 'c', dueAt: '2026-11-28T08:00:00Z', day: '2026-11-28' },
    ];
    const days = byDay(tasks, (t) => t.day);
    expect(days.get('2026-11-27')?.map((t) => t.id)).toEqual(['a', 'b']);
    expect(days.get('2026-11-28')?.map((t) => t.id)).toEqual(['c']);
  });

  const alt = (key: string, more: Partial<KeyboardEvent> = {}) => ({
    altKey: true,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    key,
    ...more,
  });

  it('reads Alt+←/→ as a day and Alt+↑/↓ as 30 minutes (not in the month); other keys are not moves', () => {
    expect(keyMove(alt('ArrowLeft'), 'week')).toEqual({ days: -1, minutes: 0 });
    expect(keyMove(alt('ArrowRight'), 'month')).toEqual({ days: 1, minutes: 0 });
    expect(keyMove(alt('ArrowUp'), 'day')).toEqual({ days: 0, minutes: -30 });
    expect(keyMove(alt('ArrowDown'), 'week')).toEqual({ days: 0, minutes: 30 });
    expect(keyMove(alt('ArrowDown'), 'month')).toBeNull();
    expect(keyMove(alt('ArrowRight', { altKey: false }), 'week')).toBeNull();
    expect(keyMove(alt('ArrowRight', { shiftKey: true }), 'week')).toBeNull();
    expect(keyMove(alt('Enter'), 'week')).toBeNull();
  });

  it('moves a timed task a day keeping its time in the user’s zone, or by 30 minutes across midnight', () => {
    const zone = 'Europe/Moscow';
    // 23:45 on Sunday 29 November in Moscow.
    const late = { dueAt: '2026-11-29T20:45:00.000Z', allDay: false, dueDate: null };
    expect(movedTask(late, { days: 1, minutes: 0 }, zone).dueAt).toBe('2026-11-30T20:45:00.000Z');
    expect(movedTask(late, { days: -1, minutes: 0 }, zone).dueAt).toBe('2026-11-28T20:45:00.000Z');
    expect(movedTask(late, { days: 0, minutes: 30 }, zone).dueAt).toBe('2026-11-29T21:15:00.000Z');
    const allDay = { dueAt: '2026-11-27T20:59:59Z', allDay: true, dueDate: '2026-11-27' };
    expect(movedTask(allDay, { days: 1, minutes: 0 }, zone).dueDate).toBe('2026-11-28');
  });
});
