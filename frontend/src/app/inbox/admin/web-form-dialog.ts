import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { PipelinesStore } from '../../pipelines';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { fieldErrors } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { InboxApi } from '../data-access/inbox-api';
import {
  FIELD_MODES,
  FORM_FIELDS,
  FieldMode,
  FormFieldName,
  FormFields,
  SaveFormRequest,
  WebForm,
} from '../data-access/models';

export interface WebFormDialogData {
  /** None: a new form. */
  readonly form?: WebForm;
}

/** The form must ask a phone or an e-mail: the server's rule, said before it is asked. */
function phoneOrEmail(group: AbstractControl): ValidationErrors | null {
  const fields = group.value as FormFields;
  return fields.phone === 'off' && fields.email === 'off' ? { phoneOrEmail: true } : null;
}

const DEFAULT_FIELDS: FormFields = {
  contactName: 'required',
  phone: 'required',
  email: 'optional',
  companyName: 'off',
  region: 'off',
  message: 'optional',
};

/**
 * Settings → «Формы на сайт»: a web form's name, target pipeline (one with «Неразобранное»),
 * which fields it shows (each off, optional or required), the sites it may be posted from, the
 * thank-you text and whether it takes requests. Closes with the saved form.
 */
@Component({
  selector: 'app-web-form-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    FieldErrorPipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './web-form-dialog.html',
  styleUrl: './web-form-dialog.scss',
})
export class WebFormDialog {
  private readonly api = inject(InboxApi);
  private readonly dialogRef = inject<MatDialogRef<WebFormDialog, WebForm>>(MatDialogRef);
  private readonly i18n = inject(I18n);
  protected readonly pipelines = inject(PipelinesStore);
  protected readonly existing = inject<WebFormDialogData>(MAT_DIALOG_DATA).form;

  protected readonly fieldNames = FORM_FIELDS;
  protected readonly modes = FIELD_MODES;
  protected readonly fieldLabel = (name: FormFieldName): TranslationKey => `forms.field.${name}`;
  protected readonly modeLabel = (mode: FieldMode): TranslationKey => `forms.mode.${mode}`;
  protected readonly targets = computed(() =>
    this.pipelines.pipelines().filter((p) => p.stages.some((s) => s.kind === 'unsorted')),
  );
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: [this.existing?.name ?? '', [Validators.required, Validators.maxLength(255)]],
    pipelineId: [this.existing?.pipelineId ?? '', Validators.required],
    fields: this.fb.group(
      Object.fromEntries(
        FORM_FIELDS.map((name) => [name, [this.existing?.fields[name] ?? DEFAULT_FIELDS[name]]]),
      ) as Record<FormFieldName, [FieldMode]>,
      { validators: phoneOrEmail },
    ),
    allowedOrigins: [(this.existing?.allowedOrigins ?? []).join('\n')],
    thankYou: [this.existing?.thankYou ?? '', Validators.maxLength(1000)],
    enabled: [this.existing?.enabled ?? true],
  });

  constructor() {
    void this.pipelines.ensureLoaded().then(() => {
      if (!this.form.controls.pipelineId.value && this.targets().length) {
        this.form.controls.pipelineId.setValue(this.targets()[0].id);
      }
    });
  }

  /** The fields' group error: neither a phone nor an e-mail, by our check or the server's. */
  protected fieldsError(): string {
    const errors = this.form.controls.fields.errors;
    if (!errors) {
      return '';
    }
    return errors['server'] ? String(errors['server']) : this.i18n.t('forms.phoneOrEmail');
  }

  protected async save(): Promise<void> {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const body: SaveFormRequest = {
      name: value.name.trim(),
      pipelineId: value.pipelineId,
      fields: value.fields as FormFields,
      allowedOrigins: value.allowedOrigins
        .split(/[\n,]+/)
        .map((o) => o.trim())
        .filter(Boolean),
      thankYou: value.thankYou.trim() || null,
      enabled: value.enabled,
      ...(this.existing ? { version: this.existing.version } : {}),
    };
    this.saving.set(true);
    this.formError.set(null);
    try {
      const saved = await firstValueFrom(
        this.existing ? this.api.updateForm(this.existing.id, body) : this.api.createForm(body),
      );
      this.dialogRef.close(saved);
    } catch (error) {
      const message = applyServerErrors(this.form, error, this.i18n, (path) =>
        path.startsWith('allowedOrigins') ? 'allowedOrigins' : path,
      );
      this.sayWhichOrigin(error, body.allowedOrigins);
      this.formError.set(message);
    } finally {
      this.saving.set(false);
    }
  }

  /** «https://example.ru/form: …» under the origins, naming the line the server refused. */
  private sayWhichOrigin(error: unknown, origins: readonly string[]): void {
    const messages = Object.entries(fieldErrors(error)).flatMap(([key, list]) => {
      const index = /^allowedOrigins\[(\d+)\]$/.exec(key)?.[1];
      return index === undefined ? [] : list.map((m) => `${origins[Number(index)] ?? ''}: ${m}`);
    });
    if (messages.length) {
      this.form.controls.allowedOrigins.setErrors({ server: messages.join(' ') });
    }
  }
}
