import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { I18n } from '../../i18n/i18n';
import { TranslationKey } from '../../i18n/ru';
import { TagChip } from './tag-chip';
import { TAG_COLOURS, Tag, TagColour } from './tags-api';

/** Each colour's name on screen («Красный»): the colour never speaks alone. */
export const TAG_COLOUR_NAMES: Readonly<Record<TagColour, TranslationKey>> = {
  grey: 'tags.colour.grey',
  red: 'tags.colour.red',
  orange: 'tags.colour.orange',
  yellow: 'tags.colour.yellow',
  green: 'tags.colour.green',
  teal: 'tags.colour.teal',
  blue: 'tags.colour.blue',
  indigo: 'tags.colour.indigo',
  purple: 'tags.colour.purple',
  pink: 'tags.colour.pink',
};

/**
 * A tag's colour, chosen from the palette: the trigger is the tag's chip as it looks (name and colour),
 * a click opens the palette, each colour a chip with its name, the current one checked.
 */
@Component({
  selector: 'app-tag-colour-menu',
  imports: [MatIconModule, MatMenuModule, TagChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="trigger"
      data-testid="tag-colour"
      [disabled]="disabled()"
      [matMenuTriggerFor]="palette"
      [matMenuTriggerRestoreFocus]="restoreFocus()"
      [attr.aria-label]="label()"
      (menuClosed)="closed.emit()"
    >
      <app-tag-chip [tag]="shown()" />
      <mat-icon aria-hidden="true">arrow_drop_down</mat-icon>
    </button>
    <mat-menu #palette="matMenu" class="tag-colours">
      @for (choice of choices(); track choice.colour) {
        <button
          mat-menu-item
          type="button"
          role="menuitemradio"
          [attr.aria-checked]="choice.colour === colour()"
          (click)="chosen.emit(choice.colour)"
        >
          <mat-icon aria-hidden="true">{{
            choice.colour === colour() ? 'radio_button_checked' : 'radio_button_unchecked'
          }}</mat-icon>
          <app-tag-chip [tag]="choice" />
        </button>
      }
    </mat-menu>
  `,
  styles: `
    .trigger {
      display: inline-flex;
      align-items: center;
      padding: 2px;
      border: 1px solid transparent;
      border-radius: 12px;
      background: none;
      color: var(--mat-sys-on-surface-variant);
      cursor: pointer;
      max-width: 100%;
    }
    .trigger:hover:not(:disabled) {
      border-color: var(--mat-sys-outline-variant);
    }
    .trigger:disabled {
      cursor: default;
    }
    .trigger mat-icon {
      width: 18px;
      height: 18px;
      font-size: 18px;
    }
  `,
})
export class TagColourMenu {
  /** The text of the trigger's chip: the tag's name. */
  readonly name = input.required<string>();
  readonly colour = input.required<TagColour>();
  /** The trigger's accessible name (what it changes, and the colour now). */
  readonly label = input.required<string>();
  readonly disabled = input(false);
  /** Whether focus goes back to the trigger when the palette closes (the picker sends it to its field). */
  readonly restoreFocus = input(true);
  readonly chosen = output<TagColour>();
  readonly closed = output<void>();

  private readonly i18n = inject(I18n);
  /** The palette, each colour a chip named by it (in the language of the moment). */
  protected readonly choices = computed<Tag[]>(() =>
    TAG_COLOURS.map((colour) => ({
      id: colour,
      name: this.i18n.t(TAG_COLOUR_NAMES[colour]),
      colour,
    })),
  );
  protected readonly shown = computed<Tag>(() => ({
    id: '',
    name: this.name(),
    colour: this.colour(),
  }));
}
