import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { PipelinesStore } from '../../pipelines';
import { applyServerErrors, FieldErrorPipe, integerRange } from '../../shared/forms/field-error';
import { PasswordToggle } from '../../shared/forms/password-toggle';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { InboxApi } from '../data-access/inbox-api';
import {
  MAILBOX_SECURITIES,
  Mailbox,
  MailboxSecurity,
  SaveMailboxRequest,
} from '../data-access/models';

export interface MailboxDialogData {
  /** None: a new mailbox. */
  readonly mailbox?: Mailbox;
}

/** The port each kind of connection usually has: offered when the port was the other's. */
const USUAL_PORTS: Readonly<Record<MailboxSecurity, number>> = {
  tls: 993,
  startTls: 143,
  none: 143,
};

/**
 * Settings → «Общая почта»: an IMAP mailbox's server, how to connect, who to log in as, the folder
 * to read and the pipeline its requests go to. The password is never sent back: editing, an empty
 * password field keeps the saved one.
 */
@Component({
  selector: 'app-mailbox-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    FieldErrorPipe,
    PasswordToggle,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './mailbox-dialog.html',
  styleUrl: './mailbox-dialog.scss',
})
export class MailboxDialog {
  private readonly api = inject(InboxApi);
  private readonly dialogRef = inject<MatDialogRef<MailboxDialog, Mailbox>>(MatDialogRef);
  private readonly i18n = inject(I18n);
  protected readonly pipelines = inject(PipelinesStore);
  protected readonly existing = inject<MailboxDialogData>(MAT_DIALOG_DATA).mailbox;

  protected readonly securities = MAILBOX_SECURITIES;
  protected readonly securityLabel = (s: MailboxSecurity): TranslationKey =>
    `mailboxes.security.${s}`;
  protected readonly targets = computed(() =>
    this.pipelines.pipelines().filter((p) => p.stages.some((s) => s.kind === 'unsorted')),
  );
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly passwordVisible = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.existing?.name ?? '', [Validators.required, Validators.maxLength(255)]],
    host: [this.existing?.host ?? '', [Validators.required, Validators.maxLength(255)]],
    port: [String(this.existing?.port ?? 993), [Validators.required, integerRange(1, 65535)]],
    security: [this.existing?.security ?? ('tls' as MailboxSecurity)],
    user: [this.existing?.user ?? '', [Validators.required, Validators.maxLength(255)]],
    // Editing, empty keeps the saved password; a new mailbox needs one.
    password: ['', this.existing ? [] : [Validators.required]],
    folder: [this.existing?.folder ?? 'INBOX', Validators.maxLength(255)],
    pipelineId: [this.existing?.pipelineId ?? '', Validators.required],
    acceptSelfSignedCertificate: [this.existing?.acceptSelfSignedCertificate ?? false],
    enabled: [this.existing?.enabled ?? true],
  });

  constructor() {
    void this.pipelines.ensureLoaded().then(() => {
      if (!this.form.controls.pipelineId.value && this.targets().length) {
        this.form.controls.pipelineId.setValue(this.targets()[0].id);
      }
    });
    // TLS on 993, STARTTLS on 143: the port follows unless the admin typed another one.
    this.form.controls.security.valueChanges.subscribe((security) => {
      const port = Number(this.form.controls.port.value);
      if (Object.values(USUAL_PORTS).includes(port)) {
        this.form.controls.port.setValue(String(USUAL_PORTS[security]));
      }
    });
  }

  protected async save(): Promise<void> {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const body: SaveMailboxRequest = {
      name: value.name.trim(),
      host: value.host.trim(),
      port: Number(value.port),
      security: value.security,
      user: value.user.trim(),
      password: value.password ? value.password : null,
      folder: value.folder.trim() || null,
      pipelineId: value.pipelineId,
      acceptSelfSignedCertificate: value.acceptSelfSignedCertificate,
      enabled: value.enabled,
      ...(this.existing ? { version: this.existing.version } : {}),
    };
    this.saving.set(true);
    this.formError.set(null);
    try {
      const saved = await firstValueFrom(
        this.existing
          ? this.api.updateMailbox(this.existing.id, body)
          : this.api.createMailbox(body),
      );
      this.dialogRef.close(saved);
    } catch (error) {
      this.formError.set(applyServerErrors(this.form, error, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }
}
