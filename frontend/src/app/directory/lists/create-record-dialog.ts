import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogModule,
  MatDialogRef,
} from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { DirectoryApi } from '../data-access/directory-api';
import { Company, Contact, DirectoryKind } from '../data-access/models';
import { recordLink, saveCheckingDuplicates } from '../duplicates/duplicates';
import { DirectoryPicker, PickedRecord } from '../picker/directory-picker';

export interface CreateRecordData {
  readonly kind: DirectoryKind;
}

/** The create form's one phone and one e-mail are the records' first ones. */
const SERVER_TO_FORM: Readonly<Record<string, string>> = {
  'phones.0.number': 'phone',
  'emails.0.address': 'email',
  fullName: 'name',
};

/** Opens «Новая компания» / «Новый контакт»; on success the new record's card opens. */
export function openCreateDialog(dialog: MatDialog, kind: DirectoryKind): void {
  dialog.open<CreateRecordDialog, CreateRecordData>(CreateRecordDialog, {
    data: { kind },
    width: '480px',
  });
}

/**
 * A new company (name, phone, e-mail, ИНН) or contact (name, position, phone, e-mail,
 * company). A phone, e-mail or ИНН someone already has brings the duplicates dialog.
 */
@Component({
  selector: 'app-create-record-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    DirectoryPicker,
    FieldErrorPipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './create-record-dialog.html',
})
export class CreateRecordDialog {
  protected readonly data = inject<CreateRecordData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<CreateRecordDialog>);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly api = inject(DirectoryApi);
  private readonly i18n = inject(I18n);

  protected readonly isCompany = this.data.kind === 'company';
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly company = signal<PickedRecord | null>(null);
  protected readonly companyError = computed(() => {
    const company = this.company();
    return company && !company.id ? this.i18n.t('record.pickCompany') : null;
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(255)]],
    position: ['', Validators.maxLength(255)],
    phone: ['', Validators.maxLength(50)],
    email: ['', [Validators.email, Validators.maxLength(255)]],
    taxId: ['', Validators.pattern(/^(\d{10}|\d{12})$/)],
  });

  protected async save(directive: FormGroupDirective): Promise<void> {
    if (this.form.invalid || this.companyError() || this.saving()) {
      directive.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const text = (s: string) => s.trim() || null;
    const phones = value.phone.trim()
      ? [{ number: value.phone.trim(), type: this.isCompany ? 'work' : 'mobile' } as const]
      : [];
    const emails = value.email.trim()
      ? [{ address: value.email.trim(), type: 'work' } as const]
      : [];
    this.saving.set(true);
    this.formError.set(null);
    try {
      const created = await saveCheckingDuplicates<Company | Contact>(
        this.dialog,
        this.router,
        (confirmDuplicate) =>
          firstValueFrom<Company | Contact>(
            this.isCompany
              ? this.api.createCompany({
                  name: value.name.trim(),
                  phones,
                  emails,
                  website: null,
                  address: null,
                  region: null,
                  taxId: text(value.taxId),
                  notes: null,
                  confirmDuplicate,
                })
              : this.api.createContact({
                  fullName: value.name.trim(),
                  position: text(value.position),
                  phones,
                  emails,
                  messengers: [],
                  companyId: this.company()?.id ?? null,
                  confirmDuplicate,
                }),
          ),
      );
      if (created) {
        this.ref.close(created);
        await this.router.navigate(recordLink(this.data.kind, created.id));
      }
    } catch (error) {
      this.formError.set(
        applyServerErrors(this.form, error, this.i18n, (path) => SERVER_TO_FORM[path] ?? path),
      );
    } finally {
      this.saving.set(false);
    }
  }
}
