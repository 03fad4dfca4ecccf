import { Feed } from '../../messaging';
import { HttpErrorResponse } from '@angular/common/http';
import { Location, NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { PeopleStore, SessionStore, mayEdit } from '../../identity';
import { isClosingStage, PipelinesStore } from '../../pipelines';
import {
  CustomFieldsEditor,
  CustomFieldsGroup,
  customFieldValues,
  customFieldsGroup,
} from '../../shared/forms/custom-fields-editor';
import { CustomField } from '../../shared/forms/custom-field';
import { AmountInput } from '../../shared/forms/amount-input';
import { DateTimeField } from '../../shared/forms/date-time-field';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { COMMON_CURRENCIES, currencyName, formatMoney } from '../../shared/format/money';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { DealChanges, DealStore } from '../data-access/deal-store';
import { DealParties } from './deal-parties';
import { Deal } from '../data-access/models';
import { RecordTasks, Task, TaskActions } from '../../tasks';
import { LostReasonDialog } from '../lost-reason-dialog';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { ReadOnlyNote } from '../../shared/ui/read-only-note';
import { TagPicker } from '../../shared/ui/tags/tag-picker';
import { Tag } from '../../shared/ui/tags/tags-api';

/**
 * /deals/:id — the deal card: fields on the left («Название» editable any time, «Бюджет»
 * and «Цель переговоров» highlighted while empty; a To-Do job has «Крайний срок» instead, at
 * the top under its name, and only «Выполнено»), the feed («Лента») on the right, which tells
 * the deal's whole story (every stage change from → to, when and by whom). Read-only, with the reason, for a user who may not change the deal.
 */
@Component({
  selector: 'app-deal-card',
  imports: [
    Feed,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    AmountInput,
    CustomFieldsEditor,
    DateTimeField,
    DealParties,
    RecordTasks,
    FieldErrorPipe,
    NgTemplateOutlet,
    ReadOnlyNote,
    TagPicker,
    TranslatePipe,
  ],
  providers: [DealStore],
  templateUrl: './deal-card.html',
  styleUrl: './deal-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DealCard {
  private readonly router = inject(Router);
  private readonly location = inject(Location);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly confirmation = inject(Confirmation);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(DealStore);
  protected readonly pipelines = inject(PipelinesStore);
  protected readonly people = inject(PeopleStore);
  private readonly session = inject(SessionStore);
  private readonly taskActions = inject(TaskActions);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly pipeline = computed(() => {
    const deal = this.store.deal();
    return deal ? (this.pipelines.pipelines().find((p) => p.id === deal.pipelineId) ?? null) : null;
  });
  protected readonly stage = computed(
    () => this.pipeline()?.stages.find((s) => s.id === this.store.deal()?.stageId) ?? null,
  );
  protected readonly openStages = computed(
    () => this.pipeline()?.stages.filter((s) => !isClosingStage(s)) ?? [],
  );
  /**
   * The server's rule (DealAccess): a manager changes only the deals they are responsible for.
   * Handed to a colleague, the card turns read-only at once and says why.
   */
  protected readonly canEdit = computed(() => {
    const deal = this.store.deal();
    return !!deal && mayEdit(this.session.me(), deal.responsibleId);
  });
  protected readonly closed = computed(() => {
    const stage = this.stage();
    return stage ? isClosingStage(stage) : this.store.deal()?.closedAt != null;
  });
  /**
   * A deal of a To-Do pipeline is a job (the manual's «To-Do»): what to do, who, the deadline,
   * and «Выполнено»; no budget, no goal of negotiations, no «Проиграна».
   */
  protected readonly todo = computed(() => this.pipeline()?.kind === 'todo');
  protected readonly budgetText = computed(() => {
    const deal = this.store.deal();
    return deal && !this.todo() ? formatMoney(deal.budget, this.i18n.locale(), deal.currency) : '';
  });

  /** The common currencies, roubles first, and the deal's own when it is another (set through the API). */
  protected readonly currencies = computed(() => {
    const current = this.store.deal()?.currency;
    return current && !COMMON_CURRENCIES.includes(current)
      ? [...COMMON_CURRENCIES, current]
      : COMMON_CURRENCIES;
  });

  protected readonly nameControl = this.fb.control('', Validators.maxLength(255));
  protected readonly form = this.fb.group({
    budget: [null as number | null, [Validators.min(0), Validators.max(999_999_999_999.99)]],
    currency: [''],
    goal: ['', Validators.maxLength(2000)],
    // An instant: the field shows and reads it on the user's clock (their settings' zone).
    deadline: [null as string | null],
  });
  protected readonly customForm = signal<CustomFieldsGroup>(new FormGroup({}));
  protected readonly formError = signal<string | null>(null);

  constructor() {
    void this.people.ensureLoaded();
    void this.pipelines.ensureLoaded();
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.load(id));
    });
    // The form follows the deal whenever a fresh version arrives (load, save, reload), and
    // the user's rights on it (a hand-over to a colleague).
    effect(() => {
      const deal = this.store.deal();
      const fields = this.store.customFields();
      const canEdit = this.canEdit();
      this.todo();
      if (deal) {
        untracked(() => this.fill(deal, fields, canEdit));
      }
    });
  }

  /** "USD — доллар США" / "USD — US Dollar". */
  protected currencyLabel(code: string): string {
    const name = currencyName(code, this.i18n.locale());
    return name ? `${code} — ${name}` : code;
  }

  /** Every instant on the card (created, closed) in the user's zone. */
  protected when(iso: string): string {
    return formatRelativeDateTime(iso, this.i18n);
  }

  protected back(): void {
    const deal = this.store.deal();
    if (this.router.lastSuccessfulNavigation()?.previousNavigation) {
      this.location.back();
    } else {
      void this.router.navigate(deal ? ['/deals/pipeline', deal.pipelineId] : ['/deals']);
    }
  }

  /** «Название»: saved on Enter or when the field loses focus; Esc puts it back. */
  protected async saveName(): Promise<void> {
    const deal = this.store.deal();
    const name = this.nameControl.value.trim();
    if (!deal || name === deal.name || this.nameControl.invalid || !name) {
      if (deal && !name) {
        this.nameControl.setValue(deal.name);
      }
      return;
    }
    await this.run(() => this.store.save({ name }), 'deal.saved');
  }

  protected resetName(input: HTMLInputElement): void {
    this.nameControl.setValue(this.store.deal()?.name ?? '');
    input.blur();
  }

  protected async save(): Promise<void> {
    const deal = this.store.deal();
    if (!deal || this.form.invalid || this.customForm().invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const text = (s: string) => s.trim() || null;
    const todo = this.todo();
    const customFields = customFieldValues(this.customForm());
    this.formError.set(null);
    try {
      await this.store.save({
        budget: todo ? null : value.budget,
        currency: value.currency || deal.currency,
        goal: todo ? null : text(value.goal),
        deadline: value.deadline,
        customFields,
      });
      this.form.markAsPristine();
      this.customForm().markAsPristine();
      this.notify(this.i18n.t('deal.saved'));
    } catch (error) {
      // Said once, where the user looks: at the fields, or under the form (a 409 says so above).
      if (!(error instanceof HttpErrorResponse && error.status === 409)) {
        this.formError.set(applyServerErrors(this.form, error, this.i18n));
        this.rereadWhenRefused(error);
      }
    }
  }

  protected cancel(): void {
    const deal = this.store.deal();
    if (deal) {
      this.fill(deal, this.store.customFields(), this.canEdit());
    }
  }

  /** «Компания» and «Контакт» save at once (picked, added, removed, made main). */
  protected readonly saveParties = (changes: DealChanges): Promise<unknown> =>
    this.store.save(changes).then(() => this.notify(this.i18n.t('deal.saved')));

  /** «Теги»: saved at once, as the parties are. */
  protected saveTags(tags: readonly Tag[]): Promise<void> {
    return this.run(() => this.store.setTags(tags), 'tags.saved');
  }

  protected move(stageId: string): Promise<void> {
    return this.run(() => this.store.move(stageId), 'deal.moved');
  }

  protected assign(userId: string): Promise<void> {
    return this.run(() => this.store.assign(userId), 'deal.assigned');
  }

  /** «Выиграна», or a job's «Выполнено» (its pipeline's won stage). */
  protected async won(): Promise<void> {
    const todo = this.todo();
    if (await this.runOk(() => this.store.won(), todo ? 'deal.jobDone' : 'deal.wonDone')) {
      await this.offerToCompleteTasks(
        this.i18n.t(todo ? 'tasks.jobDoneResult' : 'tasks.wonResult'),
      );
    }
  }

  protected async lost(): Promise<void> {
    const reason = await firstValueFrom(
      this.dialog
        .open<LostReasonDialog, void, string>(LostReasonDialog, { width: '420px' })
        .afterClosed(),
    );
    if (reason) {
      if (await this.runOk(() => this.store.lost(reason), 'deal.lostDone')) {
        await this.offerToCompleteTasks(this.i18n.t('tasks.lostResult', { reason }));
      }
    }
  }

  protected dirty(): boolean {
    return this.form.dirty || this.customForm().dirty;
  }

  /**
   * A deal won or lost with open tasks: the user decides whether they are done too. All of them,
   * read from the server (the card's panel shows only its first page).
   */
  private async offerToCompleteTasks(result: string): Promise<void> {
    const deal = this.store.deal();
    let tasks: Task[];
    try {
      tasks = deal ? await this.taskActions.openTasksOf('deal', deal.id) : [];
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
      return;
    }
    if (tasks.length === 0) {
      return;
    }
    const yes = await this.confirmation.ask({
      title: this.i18n.t('tasks.closeTasksTitle'),
      message: this.i18n.t('tasks.closeTasksConfirm', { n: tasks.length }),
      confirm: this.i18n.t('tasks.closeTasksYes'),
      cancel: this.i18n.t('tasks.closeTasksNo'),
    });
    if (yes) {
      await this.taskActions.completeAll(tasks, result);
    }
  }

  private async run(command: () => Promise<unknown>, done: TranslationKey): Promise<void> {
    await this.runOk(command, done);
  }

  /** Runs a command; true when it went through. */
  private async runOk(command: () => Promise<unknown>, done: TranslationKey): Promise<boolean> {
    try {
      await command();
      this.notify(this.i18n.t(done));
      return true;
    } catch (error) {
      const deal = this.store.deal();
      if (deal) {
        this.nameControl.setValue(deal.name);
      }
      if (!(error instanceof HttpErrorResponse && error.status === 409)) {
        this.notify(problemMessage(error, this.i18n));
        this.rereadWhenRefused(error);
      }
      return false;
    }
  }

  /**
   * A 403: the deal is no longer the user's (handed over elsewhere meanwhile). The card reads it
   * again, and turns read-only with the reason instead of refusing edit after edit.
   */
  private rereadWhenRefused(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 403) {
      void this.store.reload();
    }
  }

  private fill(deal: Deal, fields: readonly CustomField[], canEdit: boolean): void {
    this.nameControl.setValue(deal.name);
    this.form.reset({
      budget: deal.budget,
      currency: deal.currency,
      goal: deal.goal ?? '',
      deadline: deal.deadline,
    });
    // A job needs its deadline (the server says so too); a sale has none on the card.
    const deadline = this.form.controls.deadline;
    deadline.setValidators(this.todo() ? Validators.required : null);
    deadline.updateValueAndValidity({ emitEvent: false });
    const custom = customFieldsGroup(fields, deal.customFields);
    if (!canEdit) {
      // The note at the top says why; a refusal met on the way is no longer news.
      this.formError.set(null);
    }
    for (const control of [this.nameControl, this.form, custom]) {
      if (canEdit) {
        control.enable();
      } else {
        control.disable();
      }
    }
    this.customForm.set(custom);
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 5000 });
  }
}
