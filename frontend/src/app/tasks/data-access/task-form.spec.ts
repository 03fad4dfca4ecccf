import { pickerDate, pickerTime } from '../../shared/time/zoned-time';
import { task } from '../testing/fixtures';
import { defaultFields, inputOf, movedTo, nextWorkingDay, toTaskInput } from './task-form';

describe('task form', () => {
  it('plans the next task on the next working day at the previous task’s hour', () => {
    // Friday 27 November 2026, 15:00 Moscow.
    const now = new Date('2026-11-27T12:00:00Z');
    const previous = task('t1', { dueAt: '2026-11-27T11:30:00Z' });
    const fields = defaultFields(now, 'Europe/Moscow', previous);
    expect(fields.date).toBe('2026-11-30'); // Monday
    expect(fields.time).toBe('14:30');
    expect(fields.typeId).toBe(previous.typeId);
    expect(fields.responsibleId).toBe('u1');
    expect(nextWorkingDay('2026-11-25')).toBe('2026-11-26');
  });

  it('sends a timed task as an instant in the user’s zone and an all-day one as a date', () => {
    const base = {
      typeId: 'call',
      text: ' Перезвонить ',
      date: pickerDate('2026-11-27'),
      time: pickerTime('23:30'),
      allDay: false,
      durationMinutes: 30,
      responsibleId: '',
    };
    expect(toTaskInput(base, 'Europe/Moscow', null)).toEqual({
      typeId: 'call',
      text: 'Перезвонить',
      allDay: false,
      dueAt: '2026-11-27T20:30:00.000Z',
      durationMinutes: 30,
    });
    expect(
      toTaskInput({ ...base, allDay: true }, 'Europe/Moscow', {
        kind: 'deal',
        id: 'd1',
        name: 'x',
      }),
    ).toEqual({
      typeId: 'call',
      text: 'Перезвонить',
      allDay: true,
      dueDate: '2026-11-27',
      durationMinutes: null,
      linkKind: 'deal',
      linkId: 'd1',
    });
  });

  it('keeps the link and the time of day when a task is moved to another day', () => {
    const moved = movedTo(
      task('t1', { dueAt: '2026-11-27T11:30:00Z' }),
      '2026-12-01',
      'Europe/Moscow',
    );
    expect(moved.dueAt).toBe('2026-12-01T11:30:00.000Z');
    expect(moved.linkKind).toBe('deal');
    expect(moved.linkId).toBe('d1');
    expect(inputOf(task('t2', { link: null })).linkId).toBeUndefined();
  });
});
