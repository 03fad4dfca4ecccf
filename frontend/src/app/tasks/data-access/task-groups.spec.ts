import { groupTasks, taskGroup } from './task-groups';

const MOSCOW = 'Europe/Moscow'; // UTC+3 all year
const YEKATERINBURG = 'Asia/Yekaterinburg'; // UTC+5

describe('grouping by the viewer’s day', () => {
  // Friday 27 November 2026, 01:00 in Moscow = 22:00 UTC on the 26th.
  const now = new Date('2026-11-26T22:00:00Z');
  const at2330Moscow = '2026-11-27T20:30:00+00:00';

  it('a manager at UTC+3 with a task at 23:30 local time sees it under «Сегодня»', () => {
    expect(taskGroup(at2330Moscow, now, MOSCOW)).toBe('today');
  });

  it('a head of sales at UTC+5 sees the same task (01:30 their time) under «Завтра»', () => {
    expect(taskGroup(at2330Moscow, now, YEKATERINBURG)).toBe('tomorrow');
  });

  it('anything due before now is overdue, whatever its day', () => {
    expect(taskGroup('2026-11-26T21:59:00Z', now, MOSCOW)).toBe('overdue');
  });

  it('the rest of the week runs to Monday 00:00, then «Позже»', () => {
    expect(taskGroup('2026-11-29T20:00:00Z', now, MOSCOW)).toBe('week'); // Sun 23:00
    expect(taskGroup('2026-11-29T21:00:00Z', now, MOSCOW)).toBe('later'); // Mon 00:00
  });

  it('an all-day task (the last second of its day) is in that day', () => {
    expect(taskGroup('2026-11-27T20:59:59Z', now, MOSCOW)).toBe('today');
  });

  it('groups in the fixed order, oldest due first, keeping empty groups', () => {
    const tasks = [
      { id: 'b', dueAt: '2026-11-27T15:00:00Z' },
      { id: 'late', dueAt: '2026-11-20T10:00:00Z' },
      { id: 'a', dueAt: '2026-11-27T06:00:00Z' },
      { id: 'tomorrow', dueAt: '2026-11-28T07:00:00Z' },
    ];
    const groups = groupTasks(tasks, now, MOSCOW);
    expect(groups.map((g) => g.key)).toEqual(['overdue', 'today', 'tomorrow', 'week', 'later']);
    expect(groups.map((g) => g.items.map((t) => t.id))).toEqual([
      ['late'],
      ['a', 'b'],
      ['tomorrow'],
      [],
      [],
    ]);
  });
});
