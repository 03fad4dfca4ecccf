import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { FakeCrmHub, provideFakeCrmHub } from '../../shared/realtime/fake-crm-hub';
import { LIVE_REFRESH_MS, LiveTasks, concernsResponsible } from './live-tasks';
import { TaskChanged } from './models';

const changed = (overrides: Partial<TaskChanged> = {}): TaskChanged => ({
  taskId: 't1',
  change: 'updated',
  responsibleId: 'u1',
  previousResponsibleId: null,
  link: { kind: 'deal', id: 'd1' },
  dueAt: '2026-11-27T12:00:00Z',
  ...overrides,
});

describe('LiveTasks', () => {
  let hub: FakeCrmHub;
  let live: LiveTasks;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideFakeCrmHub()],
    });
    hub = TestBed.inject(CrmHub) as unknown as FakeCrmHub;
    live = TestBed.inject(LiveTasks);
  });

  it('watches topic "tasks" and re-reads once after a burst of changes that matter', () => {
    const refresh = vi.fn();
    const stop = live.watch((m) => m.link?.id === 'd1', refresh);
    expect(hub.topics.get('tasks')).toBe(1);

    hub.emit('taskChanged', changed());
    vi.advanceTimersByTime(LIVE_REFRESH_MS / 2);
    hub.emit('taskChanged', changed({ taskId: 't2', change: 'completed' }));
    hub.emit('taskChanged', changed({ taskId: 't3', link: { kind: 'deal', id: 'd2' } }));
    vi.advanceTimersByTime(LIVE_REFRESH_MS - 1);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);

    // Another record's task: nothing to re-read.
    hub.emit('taskChanged', changed({ link: { kind: 'company', id: 'c1' } }));
    vi.advanceTimersByTime(LIVE_REFRESH_MS * 2);
    expect(refresh).toHaveBeenCalledTimes(1);

    // After a reconnect some changes may have been missed.
    hub.reconnect();
    vi.advanceTimersByTime(LIVE_REFRESH_MS);
    expect(refresh).toHaveBeenCalledTimes(2);

    hub.emit('taskChanged', changed());
    stop();
    vi.advanceTimersByTime(LIVE_REFRESH_MS * 2);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(hub.topics.has('tasks')).toBe(false);
  });

  it('tells whose changes matter to a list filtered by responsible', () => {
    expect(concernsResponsible(changed(), null)).toBe(true);
    expect(concernsResponsible(changed(), 'u1')).toBe(true);
    expect(concernsResponsible(changed(), 'u2')).toBe(false);
    // Reassigned away from u2: u2's list loses it.
    expect(
      concernsResponsible(changed({ change: 'reassigned', previousResponsibleId: 'u2' }), 'u2'),
    ).toBe(true);
  });
});
