import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

/** A list's search field: emits after typing pauses; `/` focuses it from anywhere on the page. */
@Component({
  selector: 'app-search-box',
  imports: [MatFormFieldModule, MatIconModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'focusOnSlash($event)' },
  template: `
    <mat-form-field class="search" subscriptSizing="dynamic">
      <mat-icon matPrefix aria-hidden="true">search</mat-icon>
      <mat-label>{{ label() }}</mat-label>
      <input
        #box
        matInput
        type="search"
        aria-keyshortcuts="/"
        [value]="value()"
        (input)="typed(box.value)"
        (keydown.enter)="now(box.value)"
      />
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
      width: min(420px, 100%);
    }
    .search {
      width: 100%;
    }
  `,
})
export class SearchBox {
  private readonly dialog = inject(MatDialog);
  private readonly box = viewChild.required<ElementRef<HTMLInputElement>>('box');
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly label = input.required<string>();
  readonly value = input('');
  /** Not `search`: that is also the native event of `<input type=search>`, which would reach the listener. */
  readonly query = output<string>();

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

  protected focusOnSlash(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    const typing =
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      target?.isContentEditable;
    if (event.key === '/' && !typing && !this.dialog.openDialogs.length) {
      event.preventDefault();
      this.box().nativeElement.focus();
    }
  }
}
