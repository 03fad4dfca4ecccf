import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  Injector,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { DealContactInput } from '../data-access/models';
import { contactInput } from '../data-access/parties';
import {
  DirectoryApi,
  DirectoryPicker,
  ListsRecord,
  PickedRecord,
  recordForDeal,
} from '../../directory';
import { AmountInput } from '../../shared/forms/amount-input';
import { DateTimeField } from '../../shared/forms/date-time-field';
import { fieldErrors, problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';

/** What quick add asks the server for (POST /api/deals without pipeline and stage). */
export interface QuickAddValue {
  readonly name: string;
  readonly budget: number | null;
  readonly companyId: string | null;
  readonly contacts: readonly DealContactInput[];
  /** A To-Do job's deadline (ISO instant); a sale has none here. */
  readonly deadline?: string | null;
}

type QuickAddField = 'name' | 'budget' | 'deadline' | 'company' | 'contact' | 'phone';

/** The field of a server's field name (lower-cased): of the deal, or of the new company or contact in «Списки». */
type FieldOf = (key: string) => QuickAddField | undefined;

const DEAL_FIELDS: FieldOf = (key) =>
  ({
    companyid: 'company',
    companyname: 'company',
    'contacts[0].contactid': 'contact',
    name: 'name',
    budget: 'budget',
    deadline: 'deadline',
  })[key] as QuickAddField | undefined;
const COMPANY_FIELDS: FieldOf = () => 'company';
const CONTACT_FIELDS: FieldOf = (key) => (key.startsWith('phones') ? 'phone' : 'contact');

/**
 * «Быстрое добавление» at the top of a stage column: name, budget, company, contact (with
 * the contact's phone, in any format) in one small form. Company and contact suggest
 * existing records; what is not picked is added to «Списки» first, with their duplicate
 * rules (a look-alike is offered for use), and the deal then refers to it. Enter saves
 * (and leaves the form open for the next deal), Esc closes. An empty name is fine: the
 * server calls the deal «Сделка #N». In a To-Do pipeline the deal is a job: what to do and
 * its deadline (both needed), no budget.
 */
@Component({
  selector: 'app-quick-add',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatIconModule,
    AmountInput,
    DateTimeField,
    DirectoryPicker,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './quick-add.html',
  styleUrl: './quick-add.scss',
})
export class QuickAdd {
  private readonly i18n = inject(I18n);
  private readonly directory = inject(DirectoryApi);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly nameInput = viewChild<ElementRef<HTMLInputElement>>('nameInput');
  private readonly openButton = viewChild<ElementRef<HTMLButtonElement>>('openButton');

  /** The stage's name, for labels ("Быстрое добавление: Первичный контакт"). */
  readonly stageName = input.required<string>();
  /** Saves the deal; resolves when the server has it, rejects with its problem. */
  readonly save = input.required<(value: QuickAddValue) => Promise<unknown>>();
  /** The column is a To-Do pipeline's: a job (name and deadline), not a sale. */
  readonly todo = input(false);

  protected readonly open = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.maxLength(255)],
    budget: [null as number | null, [Validators.min(0), Validators.max(999_999_999_999.99)]],
    // A job's: an instant, typed on the user's clock (DateTimeField).
    deadline: [null as string | null],
    phone: ['', Validators.maxLength(50)],
  });
  protected readonly company = signal<PickedRecord | null>(null);
  protected readonly contact = signal<PickedRecord | null>(null);
  /** A picked contact already has its phone: the phone field is for a new one. */
  protected readonly pickedContact = computed(() => {
    const contact = this.contact();
    return contact?.id ? contact : null;
  });
  protected readonly fieldErrors = signal<Partial<Record<QuickAddField, string>>>({});

  constructor() {
    // A field's message goes once the field is changed («Укажите крайний срок» under a deadline
    // just given would be wrong); the next Enter checks again.
    for (const field of ['name', 'budget', 'deadline', 'phone'] as const) {
      const control: AbstractControl = this.form.controls[field];
      control.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.forget(field));
    }
  }

  show(): void {
    this.open.set(true);
    this.error.set(null);
    afterNextRender(() => this.nameInput()?.nativeElement.focus(), { injector: this.injector });
  }

  close(): void {
    this.open.set(false);
    this.clear();
    afterNextRender(() => this.openButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected async submit(): Promise<void> {
    if (this.saving()) {
      return;
    }
    if (this.form.invalid) {
      // A job's date or time that cannot be read says so at its field (touched); the rest below.
      this.form.markAllAsTouched();
      this.error.set(this.form.controls.deadline.invalid ? null : this.i18n.t('quickAdd.invalid'));
      return;
    }
    const raw = this.form.getRawValue();
    const contact = this.contact();
    if (!contact && raw.phone.trim()) {
      this.fieldErrors.set({ contact: this.i18n.t('quickAdd.contactNameNeeded') });
      return;
    }
    const job = this.todo() ? this.jobFields(raw.name, raw.deadline) : null;
    if (job === undefined) {
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    try {
      const company = await this.inLists('company', this.company(), {}, COMPANY_FIELDS);
      if (company === undefined) {
        return;
      }
      const person = await this.inLists(
        'contact',
        contact,
        { phone: raw.phone, companyId: company?.id ?? null },
        CONTACT_FIELDS,
      );
      if (person === undefined) {
        return;
      }
      try {
        await this.save()({
          name: raw.name.trim(),
          budget: job ? null : raw.budget,
          companyId: company?.id ?? null,
          contacts: person ? [contactInput(person)] : [],
          ...(job ? { deadline: job.deadline } : {}),
        });
      } catch (error) {
        this.showProblem(error, DEAL_FIELDS);
        return;
      }
      this.clear();
      this.nameInput()?.nativeElement.focus();
    } finally {
      this.saving.set(false);
    }
  }

  /** A job's name and deadline, both needed (as the server says); undefined when one is missing (said at its field). */
  private jobFields(name: string, at: string | null): { deadline: string } | undefined {
    const missing: Partial<Record<QuickAddField, string>> = {};
    if (!name.trim()) {
      missing.name = this.i18n.t('quickAdd.jobNameNeeded');
    }
    if (!at) {
      missing.deadline = this.i18n.t('quickAdd.deadlineNeeded');
    }
    this.fieldErrors.set(missing);
    return at && name.trim() ? { deadline: at } : undefined;
  }

  /**
   * The record of «Списки» a field stands for: a picked one as it is; a typed one added there
   * (or the existing look-alike the user chose), and the field then shows it as picked, so
   * saving again does not add it twice. Null: the field is empty; undefined: not saved (the
   * user went back, or the Lists refused it, shown under the field).
   */
  private async inLists(
    kind: 'company' | 'contact',
    picked: PickedRecord | null,
    details: { phone?: string; companyId?: string | null },
    fieldOf: FieldOf,
  ): Promise<ListsRecord | null | undefined> {
    if (!picked) {
      return null;
    }
    if (picked.id) {
      return { id: picked.id, name: picked.name };
    }
    try {
      const record = await recordForDeal(this.directory, this.dialog, kind, {
        name: picked.name,
        ...details,
      });
      if (record) {
        (kind === 'company' ? this.company : this.contact).set(record);
      }
      return record ?? undefined;
    } catch (error) {
      this.showProblem(error, fieldOf);
      return undefined;
    }
  }

  private forget(field: QuickAddField): void {
    if (this.fieldErrors()[field]) {
      const rest = { ...this.fieldErrors() };
      delete rest[field];
      this.fieldErrors.set(rest);
    }
  }

  private clear(): void {
    this.form.reset();
    this.company.set(null);
    this.contact.set(null);
    this.error.set(null);
    this.fieldErrors.set({});
  }

  /** Field messages go under their fields; the rest, or the problem itself, below the form. */
  private showProblem(error: unknown, fieldOf: FieldOf): void {
    const byField: Partial<Record<QuickAddField, string>> = {};
    const rest: string[] = [];
    for (const [key, messages] of Object.entries(fieldErrors(error))) {
      const field = fieldOf(key.toLowerCase());
      if (field) {
        byField[field] = [byField[field], ...messages].filter(Boolean).join(' ');
      } else {
        rest.push(...messages);
      }
    }
    this.fieldErrors.set(byField);
    const matched = Object.keys(byField).length > 0;
    this.error.set(
      rest.length ? rest.join(' ') : matched ? null : problemMessage(error, this.i18n),
    );
  }
}
