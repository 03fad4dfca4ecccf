import { Feed } from '../../messaging';
import { Location } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { PeopleStore } from '../../identity';
import {
  CustomFieldsEditor,
  CustomFieldsGroup,
  customFieldValues,
  customFieldsGroup,
} from '../../shared/forms/custom-fields-editor';
import { applyServerErrors, FieldErrorPipe } from '../../shared/forms/field-error';
import { problemMessage } from '../../shared/http/problem';
import { DateTimePipe } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { ReadOnlyNote } from '../../shared/ui/read-only-note';
import { TagPicker } from '../../shared/ui/tags/tag-picker';
import { Tag } from '../../shared/ui/tags/tags-api';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { DirectoryApi } from '../data-access/directory-api';
import { Company, CompanyInput, EMAIL_TYPES, PHONE_TYPES } from '../data-access/models';
import { ChannelsEditor } from './channels-editor';
import { channelPath, emailsArray, phonesArray, toEmails, toPhones } from './channels';
import { LinkedDeals } from './linked-deals';
import { RecordTasks } from '../../tasks';
import { MergeDialog, MergeDialogData } from './merge-dialog';
import { RecordCardState } from './record-card-state';

/**
 * /lists/companies/:id — the company card: fields on the left (phones, e-mails with types,
 * ИНН, site, address, region, notes, responsible, custom fields), its contacts and deals;
 * the right half is the feed's, as on the deal card. The admin merges and deletes.
 */
@Component({
  selector: 'app-company-card',
  imports: [
    Feed,
    ReadOnlyNote,
    TagPicker,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatSelectModule,
    ChannelsEditor,
    CustomFieldsEditor,
    LinkedDeals,
    RecordTasks,
    DateTimePipe,
    FieldErrorPipe,
    TranslatePipe,
  ],
  templateUrl: './company-card.html',
  styleUrl: './record-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CompanyCard {
  private readonly api = inject(DirectoryApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly dialog = inject(MatDialog);
  private readonly confirmation = inject(Confirmation);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly location = inject(Location);
  private readonly i18n = inject(I18n);
  protected readonly people = inject(PeopleStore);
  protected readonly state = new RecordCardState<Company, CompanyInput>(
    'company',
    (id) => this.api.company(id),
    (id, body) => this.api.updateCompany(id, body),
  );
  protected readonly phoneTypes = PHONE_TYPES;
  protected readonly emailTypes = EMAIL_TYPES;

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly form = this.buildForm(null);
  protected readonly custom = signal<CustomFieldsGroup>(new FormGroup({}));
  protected readonly formError = signal<string | null>(null);
  protected readonly saving = signal(false);

  constructor() {
    void this.people.ensureLoaded();
    effect(() => {
      const id = this.id();
      untracked(() => void this.state.load(id));
    });
    effect(() => {
      const record = this.state.record();
      const fields = this.state.fields();
      const canEdit = this.state.canEdit();
      if (record) {
        untracked(() => this.fill(record, fields, canEdit));
      }
    });
  }

  protected back(): void {
    if (this.router.lastSuccessfulNavigation()?.previousNavigation) {
      this.location.back();
    } else {
      void this.router.navigate(['/lists/companies']);
    }
  }

  protected line(...parts: (string | null)[]): string {
    return parts.filter((part) => !!part).join(' · ');
  }

  protected dirty(): boolean {
    return this.form.dirty || this.custom().dirty;
  }

  protected cancel(): void {
    const record = this.state.record();
    if (record) {
      this.fill(record, this.state.fields(), this.state.canEdit());
    }
  }

  protected async save(): Promise<void> {
    if (this.form.invalid || this.custom().invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const text = (s: string) => s.trim() || null;
    this.saving.set(true);
    this.formError.set(null);
    try {
      const saved = await this.state.save({
        name: v.name.trim(),
        phones: toPhones(this.form.controls.phones),
        emails: toEmails(this.form.controls.emails),
        website: text(v.website),
        address: text(v.address),
        region: text(v.region),
        taxId: text(v.taxId),
        notes: text(v.notes),
        responsibleId: v.responsibleId || undefined,
        customFields: customFieldValues(this.custom()),
      });
      if (saved) {
        this.notify(this.i18n.t('record.saved'));
      }
    } catch (error) {
      if (!(error instanceof HttpErrorResponse && error.status === 409)) {
        const message = applyServerErrors(this.form, error, this.i18n, channelPath);
        this.formError.set(message);
      }
    } finally {
      this.saving.set(false);
    }
  }

  protected async merge(): Promise<void> {
    const record = this.state.record();
    if (!record) {
      return;
    }
    const mergeId = await firstValueFrom(
      this.dialog
        .open<MergeDialog, MergeDialogData, string>(MergeDialog, {
          data: { kind: 'company', survivorId: record.id, survivorName: record.name },
          width: '480px',
        })
        .afterClosed(),
    );
    if (mergeId) {
      await this.run(() => this.state.merge(mergeId), 'merge.done');
    }
  }

  protected async remove(): Promise<void> {
    const record = this.state.record();
    const yes = await this.confirmation.ask({
      title: this.i18n.t('record.removeTitle'),
      message: this.i18n.t('record.removeCompany', { name: record?.name ?? '' }),
      confirm: this.i18n.t('record.remove'),
    });
    if (yes) {
      await this.run(() => this.state.remove(), 'record.removed');
    }
  }

  /** «Теги»: saved at once. */
  protected saveTags(tags: readonly Tag[]): Promise<void> {
    return this.run(() => this.state.setTags(tags), 'tags.saved');
  }

  private async run(
    command: () => Promise<unknown>,
    done: 'merge.done' | 'record.removed' | 'tags.saved',
  ): Promise<void> {
    try {
      await command();
      this.notify(this.i18n.t(done));
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  private buildForm(record: Company | null) {
    return this.fb.group({
      name: [record?.name ?? '', [Validators.required, Validators.maxLength(255)]],
      phones: phonesArray(record?.phones ?? []),
      emails: emailsArray(record?.emails ?? []),
      website: [
        record?.website ?? '',
        [Validators.maxLength(2048), Validators.pattern(/^https?:\/\/\S+$/i)],
      ],
      address: [record?.address ?? '', Validators.maxLength(1000)],
      region: [record?.region ?? '', Validators.maxLength(255)],
      taxId: [record?.taxId ?? '', Validators.pattern(/^(\d{10}|\d{12})$/)],
      notes: [record?.notes ?? '', Validators.maxLength(10_000)],
      responsibleId: [record?.responsibleId ?? ''],
    });
  }

  private fill(
    record: Company,
    fields: Parameters<typeof customFieldsGroup>[0],
    canEdit: boolean,
  ): void {
    const fresh = this.buildForm(record);
    this.form.setControl('phones', fresh.controls.phones);
    this.form.setControl('emails', fresh.controls.emails);
    this.form.reset(fresh.getRawValue());
    const custom = customFieldsGroup(fields, record.customFields);
    this.custom.set(custom);
    this.formError.set(null);
    if (canEdit) {
      this.form.enable();
      custom.enable();
    } else {
      this.form.disable();
      custom.disable();
    }
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 5000 });
  }
}
