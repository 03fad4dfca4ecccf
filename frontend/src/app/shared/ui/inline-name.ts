import { Directive, ElementRef, booleanAttribute, inject, input, output } from '@angular/core';

/** A name changed in place, as the screen gets it to save. */
export interface InlineNameEdit {
  /** What was typed, trimmed; empty only where the field allows it (`allowEmpty`). */
  readonly name: string;
  /** Puts the saved name back in the field: the screen calls it when the server refuses the new one. */
  revert(): void;
}

/**
 * `<input class="inline-name" [appInlineName]="tag.name" (renamed)="rename(tag, $event)">`: a name
 * edited in place on the admin screens (tags, task types, pipelines, stages, custom fields). The
 * field shows the saved name; Enter or leaving the field saves, Esc puts the saved name back and
 * leaves. An emptied (unless `allowEmpty`) or unchanged name is put back without a word, so
 * `renamed` comes only for a real change. The screen calls `revert()` when the save fails: the
 * saved name it binds has not changed then, so Angular would not write it into the field again.
 */
@Directive({
  selector: 'input[appInlineName]',
  host: {
    '[value]': 'saved()',
    '(keydown.enter)': 'field.blur()',
    '(keydown.escape)': 'cancel()',
    '(blur)': 'commit()',
  },
})
export class InlineName {
  /** The saved name. */
  readonly saved = input.required<string>({ alias: 'appInlineName' });
  /** An optional name (a task type's English one): emptied is a change, not a slip to undo. */
  readonly allowEmpty = input(false, { transform: booleanAttribute });
  /** A new name to save. */
  readonly renamed = output<InlineNameEdit>();

  protected readonly field: HTMLInputElement = inject(ElementRef).nativeElement;

  protected cancel(): void {
    this.revert();
    this.field.blur();
  }

  protected commit(): void {
    const name = this.field.value.trim();
    if (name === this.saved() || (!name && !this.allowEmpty())) {
      this.revert();
      return;
    }
    this.renamed.emit({ name, revert: () => this.revert() });
  }

  private revert(): void {
    this.field.value = this.saved();
  }
}
