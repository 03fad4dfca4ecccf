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
import { fieldErrors, problemMessage } from '../../shared/http/problem';
import { DateTimePipe } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { ReadOnlyNote } from '../../shared/ui/read-only-note';
import { TagPicker } from '../../shared/ui/tags/tag-picker';
import { Tag } from '../../shared/ui/tags/tags-api';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { DirectoryApi } from '../data-access/directory-api';
import {
  Contact,
  ContactInput,
  EMAIL_TYPES,
  MESSENGER_KINDS,
  PHONE_TYPES,
} from '../data-access/models';
import { DirectoryPicker, PickedRecord } from '../picker/directory-picker';
import { ChannelsEditor } from './channels-editor';
import {
  channelPath,
  emailsArray,
  messengersArray,
  phonesArray,
  toEmails,
  toMessengers,
  toPhones,
} from './channels';
import { LinkedDeals } from './linked-deals';
import { RecordTasks } from '../../tasks';
import { MergeDialog, MergeDialogData } from './merge-dialog';
import { RecordCardState } from './record-card-state';

/**
 * /lists/contacts/:id — the contact card: fields on the left (name, position, phones,
 * e-mails, messengers with types, company, responsible, custom fields) and the contact's
 * deals; the right half is the feed's, as on the deal card. The admin merges and deletes.
 */
@Component({
  selector: 'app-contact-card',
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
    DirectoryPicker,
    CustomFieldsEditor,
    LinkedDeals,
    RecordTasks,
    DateTimePipe,
    FieldErrorPipe,
    TranslatePipe,
  ],
  templateUrl: './contact-card.html',
  styleUrl: './record-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactCard {
  private readonly api = inject(DirectoryApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly dialog = inject(MatDialog);
  private readonly confirmation = inject(Confirmation);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly location = inject(Location);
  private readonly i18n = inject(I18n);
  protected readonly people = inject(PeopleStore);
  protected readonly state = new RecordCardState<Contact, ContactInput>(
    'contact',
    (id) => this.api.contact(id),
    (id, body) => this.api.updateContact(id, body),
  );
  protected readonly phoneTypes = PHONE_TYPES;
  protected readonly emailTypes = EMAIL_TYPES;
  protected readonly messengerKinds = MESSENGER_KINDS;

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly form = this.buildForm(null);
  protected readonly custom = signal<CustomFieldsGroup>(new FormGroup({}));
  protected readonly formError = signal<string | null>(null);
  protected readonly saving = signal(false);
  /** «Компания»: a contact joins an existing company only (pick it from the suggestions). */
  protected readonly company = signal<PickedRecord | null>(null);
  protected readonly companyDirty = signal(false);
  protected readonly companyError = signal<string | null>(null);

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
      void this.router.navigate(['/lists/contacts']);
    }
  }

  protected dirty(): boolean {
    return this.form.dirty || this.custom().dirty || this.companyDirty();
  }

  protected pickCompany(value: PickedRecord | null): void {
    this.company.set(value);
    this.companyDirty.set((value?.id ?? null) !== (this.state.record()?.companyId ?? null));
    this.companyError.set(value && !value.id ? this.i18n.t('record.pickCompany') : null);
  }

  protected cancel(): void {
    const record = this.state.record();
    if (record) {
      this.fill(record, this.state.fields(), this.state.canEdit());
    }
  }

  protected async save(): Promise<void> {
    if (this.form.invalid || this.custom().invalid || this.companyError() || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const text = (s: string) => s.trim() || null;
    this.saving.set(true);
    this.formError.set(null);
    try {
      const saved = await this.state.save({
        fullName: v.name.trim(),
        position: text(v.position),
        phones: toPhones(this.form.controls.phones),
        emails: toEmails(this.form.controls.emails),
        messengers: toMessengers(this.form.controls.messengers),
        companyId: this.company()?.id ?? null,
        responsibleId: v.responsibleId || undefined,
        customFields: customFieldValues(this.custom()),
      });
      if (saved) {
        this.notify(this.i18n.t('record.saved'));
      }
    } catch (error) {
      if (!(error instanceof HttpErrorResponse && error.status === 409)) {
        const message = applyServerErrors(this.form, error, this.i18n, (path) =>
          path === 'fullName' ? 'name' : channelPath(path),
        );
        const companyMessage = fieldErrors(error)['companyId'];
        if (companyMessage) {
          this.companyError.set(companyMessage.join(' '));
        }
        this.formError.set(companyMessage && message?.includes(companyMessage[0]) ? null : message);
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
          data: { kind: 'contact', survivorId: record.id, survivorName: record.fullName },
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
      message: this.i18n.t('record.removeContact', { name: record?.fullName ?? '' }),
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

  private buildForm(record: Contact | null) {
    return this.fb.group({
      name: [record?.fullName ?? '', [Validators.required, Validators.maxLength(255)]],
      position: [record?.position ?? '', Validators.maxLength(255)],
      phones: phonesArray(record?.phones ?? []),
      emails: emailsArray(record?.emails ?? []),
      messengers: messengersArray(record?.messengers ?? []),
      responsibleId: [record?.responsibleId ?? ''],
    });
  }

  private fill(
    record: Contact,
    fields: Parameters<typeof customFieldsGroup>[0],
    canEdit: boolean,
  ): void {
    const fresh = this.buildForm(record);
    this.form.setControl('phones', fresh.controls.phones);
    this.form.setControl('emails', fresh.controls.emails);
    this.form.setControl('messengers', fresh.controls.messengers);
    this.company.set(
      record.companyId ? { id: record.companyId, name: record.companyName ?? '' } : null,
    );
    this.companyDirty.set(false);
    this.companyError.set(null);
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
