import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  model,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import {
  Subject,
  catchError,
  debounceTime,
  distinctUntilChanged,
  filter,
  map,
  merge,
  of,
  switchMap,
} from 'rxjs';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { LinkOption, LinkSearch } from '../data-access/link-search';
import { LINK_KIND_LABELS, TaskLink } from '../data-access/models';

/** Typed text shorter than this asks nothing (an empty field shows the user's recent deals). */
const MIN_QUERY = 2;

interface Suggestions {
  /** What was asked: '' for the recent deals. */
  readonly q: string;
  readonly options: readonly LinkOption[];
}

/**
 * «Привязать к»: type a name, pick a deal (first), a company or a contact. Clicked empty, it
 * offers the user's recently updated open deals.
 */
@Component({
  selector: 'app-link-picker',
  imports: [
    NgTemplateOutlet,
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field class="wide">
      <mat-label>{{ 'tasks.linkedTo' | t }}</mat-label>
      <mat-icon matPrefix aria-hidden="true">{{ icon(link()?.kind) }}</mat-icon>
      <input
        matInput
        [formControl]="text"
        [matAutocomplete]="auto"
        [readonly]="locked()"
        [matAutocompleteDisabled]="locked()"
        [placeholder]="'tasks.linkPlaceholder' | t"
        (click)="askRecent()"
        (keydown.arrowdown)="askRecent()"
      />
      @if (link() && !locked()) {
        <button
          mat-icon-button
          matSuffix
          type="button"
          [attr.aria-label]="'tasks.unlink' | t"
          (click)="clear()"
        >
          <mat-icon aria-hidden="true">close</mat-icon>
        </button>
      }
      <ng-template #optionLabel let-option>
        <span class="link-option">
          <span
            ><span class="link-kind">{{ kindLabel(option) | t }}</span
            >{{ option.name }}</span
          >
          @if (option.detail) {
            <small>{{ option.detail }}</small>
          }
        </span>
      </ng-template>
      <mat-autocomplete
        #auto="matAutocomplete"
        [displayWith]="display"
        (optionSelected)="pick($event.option.value)"
      >
        @if (suggestions().q === '' && suggestions().options.length > 0) {
          <mat-optgroup [label]="'tasks.recentDeals' | t">
            @for (option of suggestions().options; track option.kind + option.id) {
              <mat-option [value]="option" [class.closed]="option.closed">
                <ng-container *ngTemplateOutlet="optionLabel; context: { $implicit: option }" />
              </mat-option>
            }
          </mat-optgroup>
        } @else {
          @for (option of suggestions().options; track option.kind + option.id) {
            <mat-option [value]="option" [class.closed]="option.closed">
              <ng-container *ngTemplateOutlet="optionLabel; context: { $implicit: option }" />
            </mat-option>
          }
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
  styleUrl: './dialogs.scss',
})
export class LinkPicker {
  private readonly search = inject(LinkSearch);
  readonly link = model<TaskLink | null>(null);
  /** Opened from a card: the link is that card's and cannot change. */
  readonly locked = input(false);

  /** The option's kind, as a label («Сделка», «Компания», «Контакт»). */
  protected kindLabel(option: LinkOption): TranslationKey {
    return LINK_KIND_LABELS[option.kind];
  }

  protected readonly text = new FormControl<string | LinkOption>('', { nonNullable: true });
  /**
   * A click in the field (or ↓): with nothing typed, the recent deals are asked for. Not on
   * focus: the dialog focuses this field when it opens, and a list then would cover the form.
   */
  private readonly recent = new Subject<void>();
  protected readonly suggestions = toSignal(
    merge(
      this.recent.pipe(map(() => this.text.value)),
      this.text.valueChanges.pipe(debounceTime(200)),
    ).pipe(
      filter((value): value is string => typeof value === 'string'),
      map((value) => value.trim()),
      distinctUntilChanged(),
      switchMap((q) =>
        q.length > 0 && q.length < MIN_QUERY
          ? of({ q, options: [] })
          : this.search.search(q).pipe(
              map((options): Suggestions => ({ q, options })),
              catchError(() => of({ q, options: [] })),
            ),
      ),
    ),
    { initialValue: { q: '', options: [] } as Suggestions },
  );

  constructor() {
    // The field shows the link it is given (a card's record, an edited task's link) when the
    // binding arrives, which is after construction (a dialog binds its inputs on its first
    // change detection), and again whenever the link changes.
    effect(() => {
      const link = this.link();
      if (link) {
        untracked(() => this.text.setValue({ ...link, detail: null }, { emitEvent: false }));
      }
    });
  }

  protected readonly display = (value: string | TaskLink | null): string =>
    typeof value === 'string' ? value : (value?.name ?? '');

  protected icon(kind: TaskLink['kind'] | undefined): string {
    return kind === 'deal'
      ? 'handshake'
      : kind === 'company'
        ? 'business'
        : kind
          ? 'person'
          : 'link';
  }

  protected askRecent(): void {
    if (!this.locked()) {
      this.recent.next();
    }
  }

  protected pick(option: LinkOption): void {
    this.link.set({ kind: option.kind, id: option.id, name: option.name });
  }

  protected clear(): void {
    this.link.set(null);
    this.text.setValue('');
  }
}
