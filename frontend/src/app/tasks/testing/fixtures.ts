import { Task } from '../data-access/models';

/** A task as the API answers it; override what the test is about. */
export function task(id: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    typeId: '0193a000-0000-7000-8000-000000000001',
    typeName: 'Звонок',
    text: `Задача ${id}`,
    dueAt: '2026-11-27T12:00:00+00:00',
    allDay: false,
    dueDate: null,
    durationMinutes: null,
    responsibleId: 'u1',
    link: { kind: 'deal', id: 'd1', name: 'Поставка станков' },
    status: 'open',
    overdue: false,
    result: null,
    completedAt: null,
    completedBy: null,
    authorId: 'u1',
    createdAt: '2026-11-20T10:00:00+00:00',
    version: 1,
    ...overrides,
  };
}
