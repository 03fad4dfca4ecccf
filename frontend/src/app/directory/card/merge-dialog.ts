import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { TranslatePipe } from '../../shared/i18n/translate';
import { DirectoryKind } from '../data-access/models';
import { DirectoryPicker, PickedRecord } from '../picker/directory-picker';

export interface MergeDialogData {
  readonly kind: DirectoryKind;
  readonly survivorId: string;
  readonly survivorName: string;
}

/**
 * «Объединить»: pick another company (contact) to merge into this one. This record stays;
 * the picked one gives its missing fields, phones, e-mails, deals and contacts and is deleted.
 * Closes with the picked record's id.
 */
@Component({
  selector: 'app-merge-dialog',
  imports: [MatButtonModule, MatDialogModule, DirectoryPicker, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'merge.title' | t: { name: data.survivorName } }}</h2>
    <mat-dialog-content class="dialog-form">
      <p>{{ (data.kind === 'company' ? 'merge.textCompany' : 'merge.textContact') | t }}</p>
      <app-directory-picker
        [kind]="data.kind"
        [label]="(data.kind === 'company' ? 'merge.pickCompany' : 'merge.pickContact') | t"
        [announceNew]="false"
        [excludeId]="data.survivorId"
        [value]="picked()"
        (valueChange)="pick($event)"
        [error]="error()"
      />
      @if (picked()?.id) {
        <p class="warning" role="status">
          {{ 'merge.confirm' | t: { merged: picked()?.name ?? '', survivor: data.survivorName } }}
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button
        mat-flat-button
        type="button"
        class="danger"
        [disabled]="!picked()?.id"
        (click)="merge()"
      >
        {{ 'merge.submit' | t }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .warning {
      color: var(--mat-sys-on-error-container);
      background: var(--mat-sys-error-container);
      border-radius: 4px;
      padding: 8px 12px;
    }
    .danger {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class MergeDialog {
  protected readonly data = inject<MergeDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<MergeDialog, string>>(MatDialogRef);
  protected readonly picked = signal<PickedRecord | null>(null);
  protected readonly error = signal<string | null>(null);

  protected pick(value: PickedRecord | null): void {
    this.picked.set(value);
    this.error.set(null);
  }

  protected merge(): void {
    const id = this.picked()?.id;
    if (id && id !== this.data.survivorId) {
      this.ref.close(id);
    }
  }
}
