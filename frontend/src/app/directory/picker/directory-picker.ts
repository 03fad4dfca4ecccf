import {
  ChangeDetectionStrategy,
  booleanAttribute,
  Component,
  computed,
  effect,
  inject,
  input,
  model,
  output,
  untracked,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteTrigger } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { filter } from 'rxjs';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { DirectoryApi } from '../data-access/directory-api';
import { DirectoryKind, Suggestion, SuggestionMatch } from '../data-access/models';
import { NO_SUGGESTIONS, suggestions } from '../data-access/suggest';

/**
 * A company or contact in a deal form: an existing record (`id` set, picked from the
 * suggestions) or a new one the server creates from `name` on save (`id` null).
 */
export interface PickedRecord {
  readonly id: string | null;
  readonly name: string;
  /** The picked suggestion's details, for showing; absent for a new record. */
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly companyName?: string | null;
}

const isSuggestion = (value: unknown): value is Suggestion =>
  typeof value === 'object' && value !== null && 'id' in value && 'kind' in value;

/**
 * A blank text is no record at all; a typed one is a new record until one is picked. The
 * name is kept as typed (the field shows it back; requests trim it).
 */
export function typedRecord(text: string): PickedRecord | null {
  return text.trim() ? { id: null, name: text } : null;
}

/**
 * The «Компания» / «Контакт» field of a deal: typing suggests existing records (by name,
 * phone in any format or e-mail) with their phone, e-mail and company and what matched;
 * picking one links it, otherwise the text makes a new record on save, and the field says
 * so. `dense` renders a bare input for the board's quick add.
 */
@Component({
  selector: 'app-directory-picker',
  imports: [
    NgTemplateOutlet,
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslatePipe,
  ],
  templateUrl: './directory-picker.html',
  styleUrl: './directory-picker.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DirectoryPicker {
  private readonly api = inject(DirectoryApi);
  private readonly i18n = inject(I18n);
  private readonly trigger = viewChild(MatAutocompleteTrigger);

  readonly kind = input.required<DirectoryKind>();
  readonly label = input.required<string>();
  /** A bare input (board quick add) instead of a Material form field. */
  readonly dense = input(false, { transform: booleanAttribute });
  /** The server's message for this field, if any. */
  readonly error = input<string | null>(null);
  /** Say "a new record will be created" under a typed, unpicked text. */
  readonly announceNew = input(true);
  /** A record not to offer (merge: the record itself). */
  readonly excludeId = input<string | null>(null);
  readonly value = model<PickedRecord | null>(null);
  /** Enter with no suggestion highlighted: the form around may save. */
  readonly enter = output<void>();

  protected readonly control = new FormControl<string | Suggestion>('', { nonNullable: true });

  private readonly typed = this.control.valueChanges.pipe(
    filter((value): value is string => typeof value === 'string'),
  );
  protected readonly suggestions = toSignal(
    suggestions(this.typed, this.api, () => this.kind()),
    { initialValue: NO_SUGGESTIONS },
  );
  protected readonly items = computed(() =>
    this.suggestions().items.filter(
      (item) => item.kind === this.kind() && item.id !== this.excludeId(),
    ),
  );

  protected readonly isNew = computed(() => {
    const value = this.value();
    return value !== null && value.id === null && value.name.trim().length > 0;
  });
  protected readonly newText = computed<TranslationKey>(() =>
    this.kind() === 'company' ? 'picker.newCompany' : 'picker.newContact',
  );

  constructor() {
    this.control.valueChanges.subscribe((value) => {
      if (isSuggestion(value)) {
        this.value.set({
          id: value.id,
          name: value.name,
          phone: value.phone ?? null,
          email: value.email ?? null,
          companyName: value.companyName ?? null,
        });
      } else {
        this.value.set(typedRecord(value));
      }
    });
    // The parent resets or fills the field (after a save, when a deal loads).
    effect(() => {
      const value = this.value();
      untracked(() => {
        const shown = this.textOf(this.control.value);
        if ((value?.name ?? '') !== shown) {
          this.control.setValue(value?.name ?? '', { emitEvent: false });
        }
      });
    });
  }

  protected display = (value: string | Suggestion | null): string =>
    value === null ? '' : typeof value === 'string' ? value : value.name;

  protected details(item: Suggestion): string {
    return [item.phone, item.email, item.kind === 'contact' ? item.companyName : null]
      .filter((part): part is string => !!part)
      .join(' · ');
  }

  protected matched(item: Suggestion): string {
    const key: Record<SuggestionMatch, TranslationKey> = {
      name: 'picker.matchedName',
      phone: 'picker.matchedPhone',
      email: 'picker.matchedEmail',
      taxId: 'picker.matchedTaxId',
      custom: 'picker.matchedCustom',
    };
    return this.i18n.t(key[item.matchedOn] ?? 'picker.matchedName');
  }

  protected onEnter(event: Event): void {
    if (this.trigger()?.activeOption) {
      return; // the autocomplete picks the highlighted suggestion
    }
    event.preventDefault();
    this.trigger()?.closePanel();
    this.enter.emit();
  }

  private textOf(value: string | Suggestion): string {
    return typeof value === 'string' ? value : value.name;
  }
}
