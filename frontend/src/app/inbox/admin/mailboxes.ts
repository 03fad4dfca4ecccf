import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { PipelinesStore } from '../../pipelines';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { ConfirmDialog, ConfirmDialogData } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { InboxApi } from '../data-access/inbox-api';
import { Mailbox, MailboxCheck, MailboxState } from '../data-access/models';
import { MailboxDialog, MailboxDialogData } from './mailbox-dialog';

/** What a check's `failure` says, in the user's words; any other value is shown as it came. */
const FAILURES: Readonly<Record<string, TranslationKey>> = {
  connect: 'mailboxes.failure.connect',
  tls: 'mailboxes.failure.tls',
  certificate: 'mailboxes.failure.tls',
  authenticate: 'mailboxes.failure.authenticate',
  login: 'mailboxes.failure.authenticate',
  folder: 'mailboxes.failure.folder',
};

/** A mailbox that is not taking mail now: shown first and in red. */
const isDown = (state: MailboxState) => state === 'retrying' || state === 'stopped';

/**
 * Settings → «Общая почта» (admin): the shared mailboxes whose mails become requests. Each shows
 * how it is doing — working, waiting for its first poll, retrying after an error, stopped — with
 * the last error in plain sight: a mailbox that is down must be seen. «Проверить» connects, logs in
 * and opens the folder now and says what went wrong.
 */
@Component({
  selector: 'app-mailboxes',
  imports: [MatButtonModule, MatIconModule, RouterLink, EmptyState, TranslatePipe],
  templateUrl: './mailboxes.html',
  styleUrls: ['../../pipelines/admin/admin.scss', './mailboxes.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Mailboxes {
  private readonly api = inject(InboxApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);
  protected readonly pipelines = inject(PipelinesStore);

  protected readonly mailboxes = signal<readonly Mailbox[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The last «Проверить» of each mailbox, said in its card. */
  protected readonly checks = signal<Readonly<Record<string, MailboxCheck>>>({});
  protected readonly checking = signal<ReadonlySet<string>>(new Set());
  protected readonly down = computed(() =>
    this.mailboxes().filter((m) => m.enabled && isDown(m.status.state)),
  );
  /** Down ones first, then by name. */
  protected readonly sorted = computed(() =>
    [...this.mailboxes()].sort(
      (a, b) =>
        Number(b.enabled && isDown(b.status.state)) - Number(a.enabled && isDown(a.status.state)) ||
        a.name.localeCompare(b.name, this.i18n.locale()),
    ),
  );
  protected readonly isDown = isDown;
  protected readonly stateLabel = (state: MailboxState): TranslationKey =>
    `mailboxes.state.${state}`;
  protected readonly securityKey = (mailbox: Mailbox): TranslationKey =>
    `mailboxes.security.${mailbox.security}`;

  constructor() {
    void this.pipelines.ensureLoaded();
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.error.set(null);
    try {
      this.mailboxes.set(await firstValueFrom(this.api.mailboxes()));
      this.loaded.set(true);
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    }
  }

  protected pipelineName(id: string): string {
    return this.pipelines.byId(id)?.name ?? '—';
  }

  protected when(iso: string | null): string {
    return iso ? formatRelativeDateTime(iso, this.i18n) : '—';
  }

  protected checkText(check: MailboxCheck): string {
    if (check.ok) {
      return this.i18n.t('mailboxes.checkOk');
    }
    const key = check.failure ? FAILURES[check.failure] : undefined;
    const what = key ? this.i18n.t(key) : (check.failure ?? '');
    return [this.i18n.t('mailboxes.checkFailed'), what, check.error ?? '']
      .filter(Boolean)
      .join(' ');
  }

  protected isChecking(id: string): boolean {
    return this.checking().has(id);
  }

  /** Connects, logs in and opens the folder now; the list is read again for the fresh status. */
  protected async check(mailbox: Mailbox): Promise<void> {
    this.checking.update((set) => new Set([...set, mailbox.id]));
    try {
      const result = await firstValueFrom(this.api.checkMailbox(mailbox.id));
      this.checks.update((all) => ({ ...all, [mailbox.id]: result }));
      void this.reload();
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    } finally {
      this.checking.update((set) => new Set([...set].filter((id) => id !== mailbox.id)));
    }
  }

  protected async edit(mailbox?: Mailbox): Promise<void> {
    const saved = await firstValueFrom(
      this.dialog
        .open<MailboxDialog, MailboxDialogData, Mailbox>(MailboxDialog, {
          data: { mailbox },
          width: '560px',
          maxWidth: '95vw',
        })
        .afterClosed(),
    );
    if (saved) {
      this.mailboxes.update((list) => [...list.filter((m) => m.id !== saved.id), saved]);
      this.notify(this.i18n.t('mailboxes.saved', { name: saved.name }));
    }
  }

  protected async remove(mailbox: Mailbox): Promise<void> {
    const yes = await firstValueFrom(
      this.dialog
        .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
          data: {
            title: this.i18n.t('mailboxes.removeTitle'),
            message: this.i18n.t('mailboxes.removeConfirm', { name: mailbox.name }),
            confirm: this.i18n.t('mailboxes.remove'),
            cancel: this.i18n.t('common.cancel'),
          },
        })
        .afterClosed(),
    );
    if (!yes) {
      return;
    }
    try {
      await firstValueFrom(this.api.deleteMailbox(mailbox.id));
      this.mailboxes.update((list) => list.filter((m) => m.id !== mailbox.id));
      this.notify(this.i18n.t('mailboxes.removed', { name: mailbox.name }));
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 6000 });
  }
}
