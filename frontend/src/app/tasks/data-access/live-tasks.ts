import { Injectable, inject } from '@angular/core';
import { CrmHub } from '../../shared/realtime/crm-hub';
import { TaskChanged } from './models';

/** How long a burst of changes (a bulk completion, an import) is gathered into one re-read. */
export const LIVE_REFRESH_MS = 400;

/**
 * Live task changes: the server sends `taskChanged` to topic `tasks` after each change
 * commits. A message is a hint, not the data: a screen says which messages could affect what
 * it shows, and re-reads once after a burst of them (and after a reconnect, when some may have
 * been missed).
 */
@Injectable({ providedIn: 'root' })
export class LiveTasks {
  private readonly hub = inject(CrmHub);

  /**
   * Watches topic `tasks` until the returned function is called; `refresh` runs
   * {@link LIVE_REFRESH_MS} after the last message that `affects` what the screen shows.
   */
  watch(affects: (message: TaskChanged) => boolean, refresh: () => void): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, LIVE_REFRESH_MS);
    };
    // A watch put in place after the screen was read, or again after a reconnect, reads it again.
    const unwatch = this.hub.watch('tasks', soon);
    const off = this.hub.on<TaskChanged>('taskChanged', (message) => {
      if (affects(message)) {
        soon();
      }
    });
    return () => {
      clearTimeout(timer);
      off();
      unwatch();
    };
  }
}

/** Whether a change of someone's task matters to a list filtered by responsible (null: everyone's). */
export function concernsResponsible(message: TaskChanged, responsibleId: string | null): boolean {
  return (
    !responsibleId ||
    message.responsibleId === responsibleId ||
    message.previousResponsibleId === responsibleId
  );
}
