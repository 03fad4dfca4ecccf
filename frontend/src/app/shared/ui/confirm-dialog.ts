import { ChangeDetectionStrategy, Component, Injectable, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { I18n } from '../i18n/i18n';

export interface ConfirmDialogData {
  readonly title: string;
  readonly message: string;
  readonly confirm: string;
  readonly cancel: string;
}

/** Asks before something that cannot be undone; closes with `true` on confirm. */
@Component({
  selector: 'app-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p>{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">{{ data.cancel }}</button>
      <button
        mat-flat-button
        type="button"
        class="danger"
        [mat-dialog-close]="true"
        cdkFocusInitial
      >
        {{ data.confirm }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .danger {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}

/** What a confirmation says; the cancel button reads «Отмена» (`common.cancel`) unless told otherwise. */
export type ConfirmQuestion = Omit<ConfirmDialogData, 'cancel'> & { readonly cancel?: string };

/**
 * Asks before an action, so each screen acts in one line: `if (await this.confirmation.ask({…})) { … }`.
 * The texts are the caller's, already in the user's language.
 */
@Injectable({ providedIn: 'root' })
export class Confirmation {
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(I18n);

  /** Opens the ConfirmDialog; true only on its confirm button (cancel, Esc or a click outside: false). */
  async ask(question: ConfirmQuestion): Promise<boolean> {
    const data: ConfirmDialogData = {
      ...question,
      cancel: question.cancel ?? this.i18n.t('common.cancel'),
    };
    const answer = await firstValueFrom(
      this.dialog
        .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
        .afterClosed(),
    );
    return answer === true;
  }
}
