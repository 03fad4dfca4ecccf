import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import {
  MatAutocompleteModule,
  MatAutocompleteSelectedEvent,
  MatAutocompleteTrigger,
} from '@angular/material/autocomplete';
import { MatIconModule } from '@angular/material/icon';
import { catchError, combineLatest, debounceTime, firstValueFrom, of, switchMap } from 'rxjs';
import { problemMessage } from '../../http/problem';
import { I18n } from '../../i18n/i18n';
import { TranslatePipe } from '../../i18n/translate';
import { TagChip } from './tag-chip';
import { TAG_COLOUR_NAMES, TagColourMenu } from './tag-colour-menu';
import {
  TAG_NAME_MAX,
  Tag,
  TagCatalogRef,
  TagColour,
  TagsApi,
  foldTag,
  tagColourOf,
} from './tags-api';

/** The option that creates a tag of the typed name. */
const CREATE = '__create__';

/**
 * «Теги» on a card: the record's tags as coloured chips (× removes one), and a field that completes
 * over the module's catalog as the user types; Enter takes the tag named so (any case, «ё» = «е»),
 * or creates it when the catalog has none. A name to be created shows beside the field as the new
 * tag's chip, in the colour the server would pick by the name; a click on it chooses another of the
 * palette. The card saves what `changed` gives and passes the saved tags back in.
 */
@Component({
  selector: 'app-tag-picker',
  imports: [MatAutocompleteModule, MatIconModule, TagChip, TagColourMenu, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="picker" role="group" [attr.aria-labelledby]="labelId" data-testid="tag-picker">
      <span class="label" [id]="labelId">{{ 'tags.label' | t }}</span>
      @for (tag of tags(); track tag.id) {
        <app-tag-chip [tag]="tag">
          @if (!disabled()) {
            <button
              type="button"
              class="remove"
              [disabled]="busy()"
              [attr.aria-label]="'tags.remove' | t: { name: tag.name }"
              (click)="remove(tag)"
            >
              <mat-icon aria-hidden="true">close</mat-icon>
            </button>
          }
        </app-tag-chip>
      }
      @if (!disabled()) {
        <input
          #field
          type="text"
          class="add"
          data-testid="tag-input"
          [attr.aria-label]="'tags.add' | t"
          [placeholder]="'tags.add' | t"
          [maxLength]="maxName"
          [value]="text()"
          [disabled]="busy()"
          [matAutocomplete]="auto"
          (input)="text.set($any($event.target).value)"
          (keydown.enter)="enter($event)"
        />
        @if (canCreate()) {
          <app-tag-colour-menu
            [name]="text().trim()"
            [colour]="newColour()"
            [label]="'tags.newColour' | t: { name: text().trim(), colour: colourName() }"
            [disabled]="busy()"
            [restoreFocus]="false"
            (chosen)="chosenColour.set($event)"
            (closed)="field.focus()"
          />
        }
        <mat-autocomplete #auto="matAutocomplete" (optionSelected)="selected($event)">
          @for (option of options(); track option.id) {
            <mat-option [value]="option.id"><app-tag-chip [tag]="option" /></mat-option>
          }
          @if (canCreate()) {
            <mat-option [value]="create">{{
              'tags.create' | t: { name: text().trim() }
            }}</mat-option>
          }
        </mat-autocomplete>
      }
      @if (error(); as message) {
        <span class="error" role="alert">{{ message }}</span>
      }
    </div>
  `,
  styles: `
    .picker {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 6px;
      margin: 4px 0 8px;
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      margin-right: 4px;
    }
    .remove {
      display: inline-flex;
      padding: 0;
      border: 0;
      background: none;
      color: inherit;
      cursor: pointer;
      border-radius: 50%;
    }
    .remove mat-icon {
      width: 14px;
      height: 14px;
      font-size: 14px;
    }
    .add {
      flex: 1 0 8em;
      min-width: 8em;
      border: 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      background: none;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface);
      padding: 2px 0;
    }
    .error {
      flex-basis: 100%;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class TagPicker {
  private static next = 0;
  private readonly api = inject(TagsApi);
  private readonly i18n = inject(I18n);
  private readonly trigger = viewChild(MatAutocompleteTrigger);

  readonly catalog = input.required<TagCatalogRef>();
  /** The record's tags now, in order. */
  readonly tags = input.required<readonly Tag[]>();
  /** Read-only: chips without ×, no field. */
  readonly disabled = input(false);
  /** The record's new set of tags, for the card to save. */
  readonly changed = output<readonly Tag[]>();

  protected readonly labelId = `tag-picker-${TagPicker.next++}`;
  protected readonly create = CREATE;
  protected readonly maxName = TAG_NAME_MAX;
  protected readonly text = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The colour chosen for the tag to be created; none: the one the name picks. */
  protected readonly chosenColour = signal<TagColour | null>(null);
  protected readonly newColour = computed(() => this.chosenColour() ?? tagColourOf(this.text()));
  protected readonly colourName = computed(() => this.i18n.t(TAG_COLOUR_NAMES[this.newColour()]));

  /** The catalog's tags whose name contains what is typed (switchMap: only the latest answer counts). */
  private readonly found = toSignal(
    combineLatest([toObservable(this.catalog), toObservable(this.text)]).pipe(
      debounceTime(150),
      switchMap(([catalog, q]) => this.api.list(catalog, q).pipe(catchError(() => of<Tag[]>([])))),
    ),
    { initialValue: [] as Tag[] },
  );
  protected readonly options = computed(() => {
    const on = new Set(this.tags().map((t) => t.id));
    return this.found().filter((t) => !on.has(t.id));
  });
  protected readonly canCreate = computed(() => {
    const name = foldTag(this.text());
    return (
      name.length > 0 &&
      !this.found().some((t) => foldTag(t.name) === name) &&
      !this.tags().some((t) => foldTag(t.name) === name)
    );
  });

  protected remove(tag: Tag): void {
    this.changed.emit(this.tags().filter((t) => t.id !== tag.id));
  }

  protected selected(event: MatAutocompleteSelectedEvent): void {
    const value = event.option.value as string;
    event.option.deselect();
    if (value === CREATE) {
      void this.createTyped();
    } else {
      const tag = this.found().find((t) => t.id === value);
      if (tag) {
        this.add(tag);
      }
    }
  }

  /** Enter with no option highlighted: the tag of that name, or a new one. */
  protected enter(event: Event): void {
    if (this.trigger()?.activeOption) {
      return; // the autocomplete takes the highlighted option
    }
    event.preventDefault();
    const name = foldTag(this.text());
    if (!name) {
      return;
    }
    if (this.tags().some((t) => foldTag(t.name) === name)) {
      this.text.set('');
      return;
    }
    const known = this.found().find((t) => foldTag(t.name) === name);
    if (known) {
      this.add(known);
    } else {
      void this.createTyped();
    }
  }

  private add(tag: Tag): void {
    this.error.set(null);
    this.text.set('');
    this.chosenColour.set(null);
    this.trigger()?.closePanel();
    this.changed.emit([...this.tags(), tag]);
  }

  private async createTyped(): Promise<void> {
    const name = this.text().trim();
    if (!name || this.busy()) {
      return;
    }
    this.busy.set(true);
    try {
      const colour = this.chosenColour() ?? undefined;
      this.add(await firstValueFrom(this.api.create(this.catalog(), name, colour)));
    } catch (error) {
      this.error.set(this.i18n.t('tags.failed', { message: problemMessage(error, this.i18n) }));
    } finally {
      this.busy.set(false);
    }
  }
}
