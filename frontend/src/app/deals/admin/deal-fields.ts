import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { InlineName, InlineNameEdit } from '../../shared/ui/inline-name';
import { CUSTOM_FIELDS_SOURCE } from '../data-access/custom-fields-source';
import { CustomFieldsStore } from '../data-access/custom-fields-store';
import { CUSTOM_FIELD_TYPES, CustomField, CustomFieldType } from '../../shared/forms/custom-field';

const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multiselect';
const splitOptions = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((option) => option.trim())
    .filter(Boolean);

/**
 * Settings → deal fields (and, with another source, company and contact fields): add with
 * type and options, rename, reorder, delete.
 */
@Component({
  selector: 'app-deal-fields',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    EmptyState,
    FieldErrorPipe,
    InlineName,
    TranslatePipe,
  ],
  providers: [CustomFieldsStore],
  templateUrl: './deal-fields.html',
  styleUrl: '../../pipelines/admin/admin.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DealFields implements OnInit {
  private readonly snackBar = inject(MatSnackBar);
  private readonly confirmation = inject(Confirmation);
  private readonly i18n = inject(I18n);
  protected readonly store = inject(CustomFieldsStore);
  protected readonly source = inject(CUSTOM_FIELDS_SOURCE);
  protected readonly types = CUSTOM_FIELD_TYPES;
  protected readonly hasOptions = hasOptions;
  /** Resetting through the directive also clears "submitted", so no error shows on the empty form. */
  private readonly formDirective = viewChild(FormGroupDirective);
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    type: ['text' as CustomFieldType],
    options: [''],
  });
  private readonly type = toSignal(this.form.controls.type.valueChanges, {
    initialValue: this.form.controls.type.value,
  });
  protected readonly needsOptions = computed(() => hasOptions(this.type()));

  ngOnInit(): void {
    void this.store.load();
  }

  protected typeLabel(type: CustomFieldType): TranslationKey {
    return `fieldType.${type}`;
  }

  protected async add(): Promise<void> {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, type, options } = this.form.getRawValue();
    this.saving.set(true);
    try {
      await this.store.create(name.trim(), type, splitOptions(options));
      this.formDirective()?.resetForm({ name: '', type: 'text', options: '' });
      this.notify(this.i18n.t('fieldsAdmin.added', { name: name.trim() }));
    } catch (error) {
      const message = applyServerErrors(this.form, error, this.i18n);
      if (message) {
        this.notify(message);
      }
    } finally {
      this.saving.set(false);
    }
  }

  protected rename(field: CustomField, edit: InlineNameEdit): Promise<void> {
    return this.run(
      () => this.store.update(field, { name: edit.name }),
      () => edit.revert(),
    );
  }

  protected async saveOptions(field: CustomField, input: HTMLInputElement): Promise<void> {
    const options = splitOptions(input.value);
    if (options.join('\n') === field.options.join('\n')) {
      return;
    }
    await this.run(
      () => this.store.update(field, { options }),
      () => (input.value = field.options.join(', ')),
    );
  }

  protected move(field: CustomField, delta: number): Promise<void> {
    return this.run(() =>
      this.store.update(field, { position: Math.max(0, field.position + delta) }),
    );
  }

  protected async remove(field: CustomField): Promise<void> {
    const yes = await this.confirmation.ask({
      title: this.i18n.t('fieldsAdmin.removeTitle'),
      message: this.i18n.t(this.source.removeConfirm, { name: field.name }),
      confirm: this.i18n.t('fieldsAdmin.remove'),
    });
    if (yes) {
      await this.run(() => this.store.remove(field));
    }
  }

  private async run(command: () => Promise<unknown>, undo?: () => void): Promise<void> {
    try {
      await command();
      this.notify(this.i18n.t('fieldsAdmin.saved'));
    } catch (error) {
      undo?.();
      this.notify(problemMessage(error, this.i18n));
    }
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 6000 });
  }
}
