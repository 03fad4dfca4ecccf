import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { LiveTasks } from '../data-access/live-tasks';
import { Task, TaskLink, TaskPage } from '../data-access/models';
import { TasksApi } from '../data-access/tasks-api';
import { TaskActions, TaskChange } from '../task-actions';
import { TaskItem } from '../task-item/task-item';

/** Open tasks a page (the server allows 1–200). */
const OPEN_PAGE = 50;
/** The server's largest page: a re-read asks for what is shown, up to this. */
const MAX_PAGE = 200;
/** Completed tasks come in shorter pages: the card's right half is shared with the feed. */
const COMPLETED_PAGE = 10;

/**
 * The record's tasks on the right half of a deal, company or contact card (the manual: "в
 * правой половине экрана внизу. Там же, где пишутся Примечания"), with «Добавить задачу»:
 * its open tasks, oldest due first (`GET /api/tasks/linked`), and on request the completed
 * ones, last done first, a page at a time. Kept live: a `taskChanged` for this record (or
 * for a task shown here) re-reads what is shown.
 */
@Component({
  selector: 'app-record-tasks',
  imports: [MatButtonModule, MatIconModule, TaskItem, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h3 [id]="titleId">{{ 'tasks.cardTitle' | t }}</h3>
      <button mat-stroked-button type="button" (click)="add()">
        <mat-icon aria-hidden="true">add_task</mat-icon>
        {{ 'tasks.add' | t }}
      </button>
    </div>
    @if (error(); as message) {
      <p class="error" role="alert">
        {{ message }}
        <button mat-button type="button" (click)="load()">{{ 'common.retry' | t }}</button>
      </p>
    }
    <div role="list" [attr.aria-labelledby]="titleId">
      @for (task of tasks(); track task.id) {
        <app-task-item [task]="task" [showLink]="false" [now]="now()" [showResponsible]="true" />
      }
    </div>
    @if (openCursor()) {
      <button mat-button type="button" class="more" (click)="moreOpen()">
        {{ 'tasks.showMore' | t }}
      </button>
    }
    @if (loaded() && tasks().length === 0) {
      @if (link().kind === 'deal' && !closed() && !job()) {
        <p class="warning" role="status">
          <mat-icon aria-hidden="true">warning</mat-icon>{{ 'tasks.dealNoTasks' | t }}
        </p>
      } @else if (job()) {
        <p class="none">{{ 'tasks.jobNoTasks' | t }}</p>
      } @else {
        <p class="none">{{ 'tasks.cardEmpty' | t }}</p>
      }
    }
    <button
      mat-button
      type="button"
      class="toggle"
      [attr.aria-expanded]="showCompleted()"
      [attr.aria-controls]="completedId"
      (click)="toggleCompleted()"
    >
      <mat-icon aria-hidden="true">{{ showCompleted() ? 'expand_less' : 'expand_more' }}</mat-icon>
      {{ (showCompleted() ? 'tasks.hideCompleted' : 'tasks.showCompleted') | t }}
    </button>
    @if (showCompleted()) {
      <div
        role="list"
        class="completed"
        [id]="completedId"
        [attr.aria-label]="'tasks.completedTitle' | t"
      >
        @for (task of completed(); track task.id) {
          <app-task-item [task]="task" [showLink]="false" [now]="now()" [showResponsible]="true" />
        }
      </div>
      @if (completedLoaded() && completed().length === 0) {
        <p class="none">{{ 'tasks.noCompleted' | t }}</p>
      }
      @if (completedCursor()) {
        <button mat-button type="button" class="more" (click)="moreCompleted()">
          {{ 'tasks.showMore' | t }}
        </button>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 16px;
    }
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin-bottom: 8px;
    }
    h3 {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    [role='list'] {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    [role='list']:empty {
      border-top: 0;
    }
    .warning {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
    .toggle {
      margin-top: 4px;
    }
    .completed {
      opacity: 0.85;
    }
  `,
})
export class RecordTasks {
  private readonly api = inject(TasksApi);
  private readonly actions = inject(TaskActions);
  private readonly i18n = inject(I18n);

  readonly link = input.required<TaskLink>();
  /** A won or lost deal wants no warning. */
  readonly closed = input(false);
  /**
   * A To-Do job (a deal of a To-Do pipeline) needs no task: its deadline is its own. No
   * warning without one, a plain line in a job's words.
   */
  readonly job = input(false);

  /** The record's open tasks, oldest due first (the server's order). */
  readonly tasks = signal<readonly Task[]>([]);
  protected readonly openCursor = signal<string | null>(null);
  protected readonly completed = signal<readonly Task[]>([]);
  protected readonly completedCursor = signal<string | null>(null);
  protected readonly showCompleted = signal(false);
  protected readonly completedLoaded = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly now = signal(Date.now());
  private readonly uid = Math.random().toString(36).slice(2, 8);
  protected readonly titleId = `record-tasks-${this.uid}`;
  protected readonly completedId = `record-tasks-done-${this.uid}`;
  private generation = 0;

  constructor() {
    const linkId = computed(() => this.link().id);
    effect(() => {
      linkId();
      untracked(() => {
        this.showCompleted.set(false);
        this.completed.set([]);
        this.completedLoaded.set(false);
        void this.load();
      });
    });
    const subscription = this.actions.changes.subscribe((change) => this.apply(change));
    const stopLive = inject(LiveTasks).watch(
      (message) =>
        message.link?.id === this.link().id ||
        this.tasks().some((t) => t.id === message.taskId) ||
        this.completed().some((t) => t.id === message.taskId),
      () => void this.load(),
    );
    inject(DestroyRef).onDestroy(() => {
      subscription.unsubscribe();
      stopLive();
    });
  }

  /** Reads the open tasks again (as many as were shown), and the completed ones if open. */
  async load(): Promise<void> {
    const current = ++this.generation;
    const link = this.link();
    this.error.set(null);
    try {
      const [open, completed] = await Promise.all([
        this.page('open', null, Math.min(MAX_PAGE, Math.max(OPEN_PAGE, this.tasks().length))),
        this.showCompleted()
          ? this.page(
              'completed',
              null,
              Math.min(MAX_PAGE, Math.max(COMPLETED_PAGE, this.completed().length)),
            )
          : Promise.resolve(null),
      ]);
      if (current !== this.generation || link.id !== this.link().id) {
        return;
      }
      this.tasks.set(open.items);
      this.openCursor.set(open.nextCursor);
      if (completed) {
        this.completed.set(completed.items);
        this.completedCursor.set(completed.nextCursor);
        this.completedLoaded.set(true);
      }
      this.now.set(Date.now());
      this.loaded.set(true);
    } catch (error) {
      if (current === this.generation) {
        this.error.set(problemMessage(error, this.i18n));
      }
    }
  }

  protected async moreOpen(): Promise<void> {
    await this.more('open');
  }

  protected async moreCompleted(): Promise<void> {
    await this.more('completed');
  }

  protected async toggleCompleted(): Promise<void> {
    const show = !this.showCompleted();
    this.showCompleted.set(show);
    if (show && !this.completedLoaded()) {
      await this.more('completed', true);
    }
  }

  protected add(): void {
    void this.actions.create(this.link());
  }

  /** A task saved, completed or deleted here or elsewhere on screen lands in the right list. */
  private apply(change: TaskChange): void {
    const task = 'saved' in change ? change.saved : change.deleted;
    const mine = 'saved' in change && task.link?.id === this.link().id;
    const open = this.tasks().filter((t) => t.id !== task.id);
    const done = this.completed().filter((t) => t.id !== task.id);
    if (mine && task.status === 'open') {
      open.push(task);
      open.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    }
    if (mine && task.status === 'completed' && this.completedLoaded()) {
      done.unshift(task);
    }
    this.tasks.set(open);
    this.completed.set(done);
    this.now.set(Date.now());
  }

  private async more(state: 'open' | 'completed', first = false): Promise<void> {
    const cursor = state === 'open' ? this.openCursor : this.completedCursor;
    const list = state === 'open' ? this.tasks : this.completed;
    const linkId = this.link().id;
    try {
      const page = await this.page(
        state,
        first ? null : cursor(),
        state === 'open' ? OPEN_PAGE : COMPLETED_PAGE,
      );
      if (linkId !== this.link().id) {
        return;
      }
      const seen = new Set(first ? [] : list().map((t) => t.id));
      list.set([...(first ? [] : list()), ...page.items.filter((t) => !seen.has(t.id))]);
      cursor.set(page.nextCursor);
      if (state === 'completed') {
        this.completedLoaded.set(true);
      }
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    }
  }

  private page(
    state: 'open' | 'completed',
    after: string | null,
    limit: number,
  ): Promise<TaskPage> {
    const link = this.link();
    return firstValueFrom(
      this.api.linked({ linkKind: link.kind, linkId: link.id, state, after, limit }),
    );
  }
}
