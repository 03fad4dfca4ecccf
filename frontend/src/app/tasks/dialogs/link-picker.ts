import { ChangeDetectionStrategy, Component, inject, input, model } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';
import { TranslatePipe } from '../../shared/i18n/translate';
import { LinkOption, LinkSearch } from '../data-access/link-search';
import { LINK_KIND_LABELS, TaskLink } from '../data-access/models';

/** «Привязать к»: type a name, pick a deal (first), a company or a contact. */
@Component({
  selector: 'app-link-picker',
  imports: [
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
        [placeholder]="'tasks.linkPlaceholder' | t"
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
      <mat-autocomplete
        #auto="matAutocomplete"
        [displayWith]="display"
        (optionSelected)="pick($event.option.value)"
      >
        @for (option of options(); track option.kind + option.id) {
          <mat-option [value]="option">
            <span class="link-option">
              <span
                ><span class="link-kind">{{ kindLabels[option.kind] | t }}</span
                >{{ option.name }}</span
              >
              @if (option.detail) {
                <small>{{ option.detail }}</small>
              }
            </span>
          </mat-option>
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
  styleUrl: './dialogs.scss',
})
export class LinkPicker {
  private readonly search = inject(LinkSearch);
  readonly link = model<TaskLink | null>(null);
  protected readonly kindLabels = LINK_KIND_LABELS;
  /** Opened from a card: the link is that card's and cannot change. */
  readonly locked = input(false);

  protected readonly text = new FormControl<string | LinkOption>('', { nonNullable: true });
  protected readonly options = toSignal(
    this.text.valueChanges.pipe(
      filter((value): value is string => typeof value === 'string'),
      map((value) => value.trim()),
      debounceTime(200),
      distinctUntilChanged(),
      switchMap((q) =>
        q.length < 2 ? of([]) : this.search.search(q).pipe(catchError(() => of([]))),
      ),
    ),
    { initialValue: [] as readonly LinkOption[] },
  );

  constructor() {
    queueMicrotask(() => {
      const link = this.link();
      if (link) {
        this.text.setValue({ ...link, detail: null }, { emitEvent: false });
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

  protected pick(option: LinkOption): void {
    this.link.set({ kind: option.kind, id: option.id, name: option.name });
  }

  protected clear(): void {
    this.link.set(null);
    this.text.setValue('');
  }
}
