import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { TranslatePipe } from '../../shared/i18n/translate';

export interface SnippetDialogData {
  readonly formName: string;
  readonly html: string;
  /** Whether the code is already on the clipboard. */
  readonly copied: boolean;
}

/** The form's code to paste into the site, shown as text, selected for a manual copy. */
@Component({
  selector: 'app-snippet-dialog',
  imports: [MatButtonModule, MatDialogModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'forms.snippetTitle' | t: { name: data.formName } }}</h2>
    <mat-dialog-content>
      <p role="status">
        {{ (data.copied ? 'forms.snippetCopied' : 'forms.snippetCopyByHand') | t }}
      </p>
      <textarea
        #code
        class="code"
        readonly
        rows="14"
        [attr.aria-label]="'forms.snippetCode' | t"
        [value]="data.html"
        (focus)="code.select()"
        data-testid="form-snippet"
      ></textarea>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close cdkFocusInitial>
        {{ 'common.close' | t }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .code {
      box-sizing: border-box;
      width: min(640px, 80vw);
      font-family: monospace;
      font-size: 12px;
      white-space: pre;
    }
  `,
})
export class SnippetDialog {
  protected readonly data = inject<SnippetDialogData>(MAT_DIALOG_DATA);
}
