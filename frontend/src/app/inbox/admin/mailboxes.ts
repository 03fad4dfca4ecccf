import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import {
  catchError,
  filter,
  firstValueFrom,
  interval,
  map,
  merge,
  of,
  startWith,
  Subject,
  switchMap,
} from 'rxjs';
import { PipelinesStore } from '../../pipelines';
import { formatRelativeDateTime } from '../../shared/format/relative-time';
import { problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { InboxApi } from '../data-access/inbox-api';
import { Mailbox, MailboxCheck, MailboxFailure, MailboxState } from '../data-access/models';
import { MailboxDialog, MailboxDialogData } from './mailbox-dialog';

/** How often the open page reads the statuses again, so a mailbox going down or coming back shows. */
export const MAILBOX_REFRESH_MS = 10_000;

/** What failed, in a few words; the server's message (`lastError`, a check's `error`) says the rest. */
const FAILURES: Readonly<Record<MailboxFailure, TranslationKey>> = {
  connection: 'mailboxes.failure.connection',
  tls: 'mailboxes.failure.tls',
  authentication: 'mailboxes.failure.authentication',
  folderNotFound: 'mailboxes.failure.folderNotFound',
  timeout: 'mailboxes.failure.timeout',
  protocol: 'mailboxes.failure.protocol',
  pipelineRefused: 'mailboxes.failure.pipelineRefused',
  internal: 'mailboxes.failure.internal',
};

/** A mailbox that is not taking mail now: shown first and in red. */
const isDown = (state: MailboxState) => state === 'retrying' || state === 'stopped';

/**
 * Settings → «Общая почта» (admin): the shared mailboxes whose mails become requests. Each shows
 * how it is doing — working, waiting for its first poll, retrying after an error, stopped — with
 * what failed and the server's words for it in plain sight: a mailbox that is down must be seen.
 * While the page is open it reads the statuses again every 10 s (not while the tab is hidden), so a
 * mailbox going down or coming back shows without a click. «Проверить» connects, logs in and opens
 * the folder now and says what went wrong.
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
  private readonly confirmation = inject(Confirmation);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);
  private readonly document = inject(DOCUMENT);
  protected readonly pipelines = inject(PipelinesStore);
  /** «Обновить», a check, a save: read now (a read in flight is dropped for the newer one). */
  private readonly refresh = new Subject<void>();

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
    const ticks = interval(MAILBOX_REFRESH_MS).pipe(
      filter(() => this.document.visibilityState !== 'hidden'),
    );
    merge(this.refresh, ticks)
      .pipe(
        startWith(undefined),
        switchMap(() =>
          this.api.mailboxes().pipe(
            map((list) => ({ list, error: null })),
            catchError((error: unknown) => of({ list: null, error })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ list, error }) => {
        if (list) {
          this.mailboxes.set(list);
          this.loaded.set(true);
          this.error.set(null);
        } else {
          // The list on screen stays; the next tick (or «Повторить») tries again.
          this.error.set(problemMessage(error, this.i18n));
        }
      });
  }

  /** Reads the mailboxes and their statuses now. */
  protected reload(): void {
    this.refresh.next();
  }

  protected pipelineName(id: string): string {
    return this.pipelines.byId(id)?.name ?? '—';
  }

  protected when(iso: string | null): string {
    return iso ? formatRelativeDateTime(iso, this.i18n) : '—';
  }

  /** A failure's few words; one this page does not know yet is named as the server names it. */
  protected failureText(failure: MailboxFailure | null): string {
    if (!failure) {
      return this.i18n.t('mailboxes.failure.unknown');
    }
    const key = FAILURES[failure] as TranslationKey | undefined;
    return key ? this.i18n.t(key) : failure;
  }

  protected checkText(check: MailboxCheck): string {
    return check.ok
      ? this.i18n.t('mailboxes.checkOk')
      : this.i18n.t('mailboxes.checkFailed', { what: this.failureText(check.failure) });
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
      this.reload();
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
      this.loaded.set(true);
      // Its old check said something of the old settings; a read in flight may predate the save.
      this.checks.update(({ [saved.id]: _, ...others }) => others);
      this.reload();
      this.notify(this.i18n.t('mailboxes.saved', { name: saved.name }));
    }
  }

  protected async remove(mailbox: Mailbox): Promise<void> {
    const yes = await this.confirmation.ask({
      title: this.i18n.t('mailboxes.removeTitle'),
      message: this.i18n.t('mailboxes.removeConfirm', { name: mailbox.name }),
      confirm: this.i18n.t('mailboxes.remove'),
    });
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
