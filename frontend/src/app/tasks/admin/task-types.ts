import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
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
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { fieldErrors, problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { InlineName, InlineNameEdit } from '../../shared/ui/inline-name';
import { TaskType } from '../data-access/models';
import { TaskTypesStore } from '../data-access/task-types-store';

/** The server's limit on a type's name. */
const NAME_MAX = 100;

/**
 * Settings → «Типы задач» (admin): add a type (in Russian, optionally English), rename any,
 * delete the ones added here. The four built-in types stay (they may be renamed). The server
 * keeps no order of its own choosing: a new type goes last.
 */
@Component({
  selector: 'app-task-types',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatTooltipModule,
    FieldErrorPipe,
    InlineName,
    TranslatePipe,
  ],
  templateUrl: './task-types.html',
  styleUrls: ['../../pipelines/admin/admin.scss', './task-types.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskTypes {
  private readonly snackBar = inject(MatSnackBar);
  private readonly confirmation = inject(Confirmation);
  private readonly i18n = inject(I18n);
  protected readonly store = inject(TaskTypesStore);
  /** Resetting through the directive also clears "submitted", so no error shows on the empty form. */
  private readonly formDirective = viewChild(FormGroupDirective);
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    nameRu: ['', [Validators.required, Validators.maxLength(NAME_MAX)]],
    nameEn: ['', [Validators.maxLength(NAME_MAX)]],
  });

  constructor() {
    void this.store.reload();
  }

  protected async add(): Promise<void> {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const nameRu = this.form.controls.nameRu.value.trim();
    const nameEn = this.form.controls.nameEn.value.trim();
    if (!nameRu) {
      this.form.controls.nameRu.setErrors({ required: true });
      return;
    }
    this.saving.set(true);
    try {
      await this.store.create({ nameRu, nameEn: nameEn || null });
      this.formDirective()?.resetForm({ nameRu: '', nameEn: '' });
      this.notify(this.i18n.t('taskTypes.added', { name: nameRu }));
    } catch (error) {
      // A taken name comes back on `nameRu`, shown under the field; anything else (403) here.
      const message = applyServerErrors(this.form, error, this.i18n);
      if (message) {
        this.notify(message);
      }
    } finally {
      this.saving.set(false);
    }
  }

  /** Inline rename of either name; a refused one puts the old one back. */
  protected async rename(type: TaskType, field: 'nameRu' | 'nameEn', edit: InlineNameEdit) {
    try {
      await this.store.rename(type, {
        nameRu: field === 'nameRu' ? edit.name : type.nameRu,
        // An emptied English name falls back to the Russian one (the server's default).
        nameEn: field === 'nameEn' ? edit.name || null : type.nameEn,
      });
      this.notify(this.i18n.t('taskTypes.saved'));
    } catch (error) {
      edit.revert();
      this.notify(this.messageOf(error));
    }
  }

  protected async remove(type: TaskType): Promise<void> {
    const yes = await this.confirmation.ask({
      title: this.i18n.t('taskTypes.removeTitle'),
      message: this.i18n.t('taskTypes.removeConfirm', { name: type.name }),
      confirm: this.i18n.t('taskTypes.remove'),
    });
    if (!yes) {
      return;
    }
    try {
      await this.store.remove(type);
      this.notify(this.i18n.t('taskTypes.removed', { name: type.name }));
    } catch (error) {
      this.notify(this.messageOf(error));
    }
  }

  /** A field's message (a taken name) before the problem's general title. */
  private messageOf(error: unknown): string {
    const first = Object.values(fieldErrors(error))[0]?.[0];
    return first ?? problemMessage(error, this.i18n);
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 6000 });
  }
}
