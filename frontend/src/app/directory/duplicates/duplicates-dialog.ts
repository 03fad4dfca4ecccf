import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Duplicate, MatchedOn } from '../data-access/models';

export interface DuplicatesDialogData {
  readonly duplicates: readonly Duplicate[];
  /**
   * A record typed into a deal: each existing one is offered for use instead of opening it,
   * and the way on is to create the new one.
   */
  readonly forDeal?: boolean;
}

export type DuplicatesDialogResult =
  | { readonly action: 'open'; readonly duplicate: Duplicate }
  | { readonly action: 'use'; readonly duplicate: Duplicate }
  | { readonly action: 'save' };

const MATCHED: Readonly<Record<MatchedOn, TranslationKey>> = {
  name: 'duplicates.matchedName',
  phone: 'duplicates.matchedPhone',
  email: 'duplicates.matchedEmail',
  taxId: 'duplicates.matchedTaxId',
};

/**
 * "Такая запись уже есть": the existing records with what matched; open one of them, or
 * save the new record anyway. For a record typed into a deal: use one of them, or create
 * the new one. Esc or «Отмена» goes back to the form.
 */
@Component({
  selector: 'app-duplicates-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'duplicates.title' | t }}</h2>
    <mat-dialog-content>
      <p>{{ (data.forDeal ? 'duplicates.forDealText' : 'duplicates.text') | t }}</p>
      <ul class="list">
        @for (duplicate of data.duplicates; track duplicate.kind + duplicate.id) {
          <li class="item" data-testid="duplicate">
            <mat-icon aria-hidden="true">{{
              duplicate.kind === 'company' ? 'business' : 'person'
            }}</mat-icon>
            <span class="text">
              <span class="name">{{ duplicate.name }}</span>
              <span class="matched">{{ matched(duplicate) | t: { value: duplicate.value } }}</span>
            </span>
            @if (data.forDeal) {
              <button
                mat-stroked-button
                type="button"
                [attr.aria-label]="'duplicates.useName' | t: { name: duplicate.name }"
                (click)="use(duplicate)"
              >
                {{ 'duplicates.use' | t }}
              </button>
            } @else {
              <button mat-stroked-button type="button" (click)="open(duplicate)">
                {{ 'duplicates.open' | t }}
              </button>
            }
          </li>
        }
      </ul>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" (click)="saveAnyway()">
        {{ (data.forDeal ? 'duplicates.createAnyway' : 'duplicates.saveAnyway') | t }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .item {
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 6px 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 6px;
    }
    .text {
      display: flex;
      flex-direction: column;
      flex: 1 1 auto;
    }
    .name {
      font: var(--mat-sys-title-small);
    }
    .matched {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DuplicatesDialog {
  protected readonly data = inject<DuplicatesDialogData>(MAT_DIALOG_DATA);
  private readonly ref =
    inject<MatDialogRef<DuplicatesDialog, DuplicatesDialogResult>>(MatDialogRef);

  protected matched(duplicate: Duplicate): TranslationKey {
    return MATCHED[duplicate.matchedOn] ?? 'duplicates.matchedName';
  }

  protected open(duplicate: Duplicate): void {
    this.ref.close({ action: 'open', duplicate });
  }

  protected use(duplicate: Duplicate): void {
    this.ref.close({ action: 'use', duplicate });
  }

  protected saveAnyway(): void {
    this.ref.close({ action: 'save' });
  }
}
