import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule, MatMenuTrigger } from '@angular/material/menu';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { ListFilter } from '../data-access/models';
import { focusOnSlash } from '../../shared/ui/slash-focus';

/** One of a list's ready filters; `value: null` is the whole list. */
export interface ReadyFilter {
  readonly value: ListFilter | null;
  readonly label: TranslationKey;
}

/**
 * A list's «Поиск и фильтр» field (the manual's words): the search emits after typing pauses,
 * `/` focuses it from anywhere on the page; the filter button (or ↓ in the field) opens the
 * panel of ready filters, and the chosen one stays beside the field with a button to clear it.
 */
@Component({
  selector: 'app-search-box',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'focusOnSlash($event)' },
  template: `
    <mat-form-field class="search" subscriptSizing="dynamic">
      <mat-icon matPrefix aria-hidden="true">search</mat-icon>
      <mat-label>{{ 'lists.searchAndFilter' | t }}</mat-label>
      <input
        #box
        matInput
        type="search"
        aria-keyshortcuts="/"
        [placeholder]="placeholder()"
        [value]="value()"
        (input)="typed(box.value)"
        (keydown.enter)="now(box.value)"
        (keydown.arrowdown)="openPanel($event)"
      />
      @if (filters().length) {
        <button
          matIconSuffix
          mat-icon-button
          type="button"
          class="panel-button"
          [class.active]="!!filter()"
          [matMenuTriggerFor]="panel"
          [attr.aria-label]="'lists.readyFilters' | t"
        >
          <mat-icon aria-hidden="true">filter_list</mat-icon>
        </button>
      }
    </mat-form-field>
    <mat-menu #panel="matMenu" [aria-label]="'lists.readyFilters' | t">
      @for (option of filters(); track option.value) {
        <button
          mat-menu-item
          type="button"
          role="menuitemradio"
          [attr.aria-checked]="option.value === filter()"
          (click)="choose(option.value)"
        >
          <mat-icon aria-hidden="true">{{
            option.value === filter() ? 'radio_button_checked' : 'radio_button_unchecked'
          }}</mat-icon>
          <span>{{ option.label | t }}</span>
        </button>
      }
    </mat-menu>
    @if (active(); as current) {
      <span class="chip" data-testid="active-filter">
        <mat-icon aria-hidden="true">filter_list</mat-icon>
        <span>{{ current.label | t }}</span>
        <button
          mat-icon-button
          type="button"
          class="clear"
          [attr.aria-label]="'lists.clearFilter' | t: { name: (current.label | t) }"
          (click)="clear()"
        >
          <mat-icon aria-hidden="true">close</mat-icon>
        </button>
      </span>
    }
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px;
      width: min(720px, 100%);
    }
    .search {
      flex: 0 1 420px;
      min-width: 0;
    }
    .panel-button.active {
      color: var(--mat-sys-primary);
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      height: 32px;
      padding: 0 0 0 10px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);

      mat-icon {
        width: 18px;
        height: 18px;
        font-size: 18px;
      }
    }
    .clear {
      --mat-icon-button-state-layer-size: 32px;
      width: 32px;
      height: 32px;
      padding: 4px;
    }
  `,
})
export class SearchBox {
  private readonly dialog = inject(MatDialog);
  private readonly box = viewChild.required<ElementRef<HTMLInputElement>>('box');
  private readonly panelTrigger = viewChild(MatMenuTrigger);
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** What the search looks in, shown in the empty field. */
  readonly placeholder = input('');
  readonly value = input('');
  /** The list's ready filters, «all» first; none: no panel. */
  readonly filters = input<readonly ReadyFilter[]>([]);
  readonly filter = input<ListFilter | null>(null);
  /** Not `search`: that is also the native event of `<input type=search>`, which would reach the listener. */
  readonly query = output<string>();
  readonly filterChange = output<ListFilter | null>();

  protected readonly active = computed(() => {
    const filter = this.filter();
    return filter ? (this.filters().find((f) => f.value === filter) ?? null) : null;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected typed(text: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.query.emit(text), 250);
  }

  protected now(text: string): void {
    clearTimeout(this.timer);
    this.query.emit(text);
  }

  protected choose(filter: ListFilter | null): void {
    if (filter !== this.filter()) {
      this.filterChange.emit(filter);
    }
  }

  /** The chip's clear button goes away with the filter: the focus goes back to the field. */
  protected clear(): void {
    this.choose(null);
    this.box().nativeElement.focus();
  }

  protected openPanel(event: Event): void {
    const trigger = this.panelTrigger();
    if (trigger) {
      event.preventDefault();
      trigger.openMenu();
    }
  }

  protected focusOnSlash(event: KeyboardEvent): void {
    focusOnSlash(event, this.box().nativeElement, this.dialog.openDialogs.length > 0);
  }
}
