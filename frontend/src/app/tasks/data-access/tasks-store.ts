import { computed, inject } from '@angular/core';
import { patchState, signalStore, withComputed, withMethods, withState } from '@ngrx/signals';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { failed, loaded, loading, withCallState } from '../../shared/state/call-state';
import { CompleteTaskRequest, CompleteTaskResponse, Task, TaskInput } from './models';
import { TasksApi } from './tasks-api';
import { addDays, dayKey, startOfWeek, zonedInstant } from '../../shared/time/zoned-time';
import { groupTasks } from './task-groups';

export interface TaskFilter {
  /** Whose tasks; null for everyone's. */
  readonly responsibleId: string | null;
  readonly typeId: string | null;
}

interface TasksState {
  /** Open tasks: overdue, this week and the next weeks. */
  readonly tasks: readonly Task[];
  readonly filter: TaskFilter;
  /** The filter was set once (the page sets "mine" on first open, then keeps the user's). */
  readonly filterSet: boolean;
  /** "Now" for grouping; ticks every minute so a task turns overdue in sight. */
  readonly now: number;
}

/** How far "Позже" looks ahead (the range view allows 100 days). */
export const LATER_WEEKS = 13;
const LIMIT = 500;

function matches(task: Task, filter: TaskFilter): boolean {
  return (
    task.status === 'open' &&
    (!filter.responsibleId || task.responsibleId === filter.responsibleId) &&
    (!filter.typeId || task.typeId === filter.typeId)
  );
}

/**
 * The Tasks section's organizer. Kept for the session (provided in root), so opening a deal
 * from a task and pressing «Назад» shows the same list at once, then refreshes it.
 */
export const TasksStore = signalStore(
  { providedIn: 'root' },
  withState<TasksState>({
    tasks: [],
    filter: { responsibleId: null, typeId: null },
    filterSet: false,
    now: Date.now(),
  }),
  withCallState(),
  withComputed((store, i18n = inject(I18n)) => ({
    groups: computed(() => groupTasks(store.tasks(), new Date(store.now()), i18n.timeZone())),
  })),
  withMethods((store, api = inject(TasksApi), i18n = inject(I18n)) => {
    let generation = 0;

    /** Puts a task in the list, or takes it out when it no longer belongs there. */
    const upsert = (task: Task) => {
      const others = store.tasks().filter((t) => t.id !== task.id);
      patchState(store, { tasks: matches(task, store.filter()) ? [...others, task] : others });
    };

    /** Reads the list; `quiet` (a live refresh) leaves what is shown in place meanwhile. */
    const load = async (quiet = false): Promise<void> => {
      const current = ++generation;
      const filter = store.filter();
      patchState(store, quiet ? {} : loading(), { now: Date.now() });
      const zone = i18n.timeZone();
      const nextMonday = addDays(startOfWeek(dayKey(new Date(), zone)), 7);
      const from = zonedInstant(nextMonday, '00:00', zone);
      const to = zonedInstant(addDays(nextMonday, LATER_WEEKS * 7), '00:00', zone);
      const common = {
        responsibleId: filter.responsibleId,
        typeId: filter.typeId,
        limit: LIMIT,
      };
      try {
        const pages = await Promise.all([
          firstValueFrom(api.list({ view: 'overdue', ...common })),
          firstValueFrom(api.list({ view: 'week', ...common })),
          firstValueFrom(
            api.list({ view: 'range', from: from.toISOString(), to: to.toISOString(), ...common }),
          ),
        ]);
        if (current !== generation) {
          return;
        }
        const byId = new Map<string, Task>();
        for (const task of pages.flatMap((page) => page.items)) {
          if (task.status === 'open') {
            byId.set(task.id, task);
          }
        }
        patchState(store, { tasks: [...byId.values()] }, loaded());
      } catch (error) {
        // A failed quiet refresh keeps the list; the next change or a reload tries again.
        if (current === generation && !quiet) {
          patchState(store, failed(problemMessage(error, i18n)));
        }
      }
    };

    return {
      load: (): Promise<void> => load(),
      /** Re-reads after a live change, keeping the list (and so scroll and focus) on screen. */
      refresh: (): Promise<void> => load(true),
      upsert,
      drop(id: string): void {
        patchState(store, { tasks: store.tasks().filter((t) => t.id !== id) });
      },
      tick(): void {
        patchState(store, { now: Date.now() });
      },
      setFilter(filter: Partial<TaskFilter>): Promise<void> {
        patchState(store, { filter: { ...store.filter(), ...filter }, filterSet: true });
        return load();
      },
      /** Open tasks of this list on the same deal, company or contact, other than this one. */
      othersOnLink(task: Task): readonly Task[] {
        return task.link
          ? store.tasks().filter((t) => t.id !== task.id && t.link?.id === task.link?.id)
          : [];
      },
      async create(input: TaskInput): Promise<Task> {
        const task = await firstValueFrom(api.create(input));
        upsert(task);
        return task;
      },
      async update(task: Task, input: TaskInput): Promise<Task> {
        const saved = await firstValueFrom(
          api.update(task.id, { ...input, version: task.version }),
        );
        upsert(saved);
        return saved;
      },
      async complete(task: Task, request: CompleteTaskRequest): Promise<CompleteTaskResponse> {
        const answer = await firstValueFrom(
          api.complete(task.id, { ...request, version: task.version }),
        );
        upsert(answer.task);
        if (answer.next) {
          upsert(answer.next);
        }
        return answer;
      },
      async remove(task: Task): Promise<void> {
        await firstValueFrom(api.delete(task.id));
        patchState(store, { tasks: store.tasks().filter((t) => t.id !== task.id) });
      },
    };
  }),
);
