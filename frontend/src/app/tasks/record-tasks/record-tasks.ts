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
import { Task, TaskLink } from '../data-access/models';
import { TasksApi } from '../data-access/tasks-api';
import { TaskActions } from '../task-actions';
import { TaskItem } from '../task-item/task-item';

/** How far ahead a card looks for its open tasks (the range view's limit is 100 days). */
const AHEAD_DAYS = 100;

/**
 * The record's open tasks on the right half of a deal, company or contact card (the manual:
 * "в правой половине экрана внизу. Там же, где пишутся Примечания"), with «Добавить задачу».
 * Tasks has no per-record list route yet: the card asks for the open overdue ones and the
 * next 100 days and keeps those linked to this record.
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
    @if (loaded() && tasks().length === 0) {
      @if (link().kind === 'deal' && !closed()) {
        <p class="warning" role="status">
          <mat-icon aria-hidden="true">warning</mat-icon>{{ 'tasks.dealNoTasks' | t }}
        </p>
      } @else {
        <p class="none">{{ 'tasks.cardEmpty' | t }}</p>
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
  `,
})
export class RecordTasks {
  private readonly api = inject(TasksApi);
  private readonly actions = inject(TaskActions);
  private readonly i18n = inject(I18n);

  readonly link = input.required<TaskLink>();
  /** A won or lost deal wants no warning. */
  readonly closed = input(false);

  private readonly all = signal<readonly Task[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly now = signal(Date.now());
  protected readonly titleId = `record-tasks-${Math.random().toString(36).slice(2, 8)}`;
  /** The record's open tasks, oldest due first. */
  readonly tasks = computed(() =>
    this.all()
      .filter((task) => task.status === 'open' && task.link?.id === this.link().id)
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)),
  );
  private generation = 0;

  constructor() {
    const linkId = computed(() => this.link().id);
    effect(() => {
      linkId();
      untracked(() => void this.load());
    });
    const subscription = this.actions.changes.subscribe((change) => {
      const task = 'saved' in change ? change.saved : change.deleted;
      const others = this.all().filter((t) => t.id !== task.id);
      this.all.set('saved' in change ? [...others, change.saved] : others);
      this.now.set(Date.now());
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  async load(): Promise<void> {
    const current = ++this.generation;
    this.error.set(null);
    const now = new Date();
    const to = new Date(now.getTime() + AHEAD_DAYS * 86_400_000 - 60_000);
    try {
      const [overdue, ahead] = await Promise.all([
        firstValueFrom(this.api.list({ view: 'overdue', limit: 500 })),
        firstValueFrom(
          this.api.list({
            view: 'range',
            from: now.toISOString(),
            to: to.toISOString(),
            limit: 500,
          }),
        ),
      ]);
      if (current === this.generation) {
        this.all.set([...overdue.items, ...ahead.items]);
        this.now.set(Date.now());
        this.loaded.set(true);
      }
    } catch (error) {
      if (current === this.generation) {
        this.error.set(problemMessage(error, this.i18n));
      }
    }
  }

  protected add(): void {
    void this.actions.create(this.link());
  }
}
