import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { SessionStore } from '../../identity';
import { FieldErrorPipe } from '../../shared/forms/field-error';
import { problemMessage, toProblem } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { InboxApi } from '../data-access/inbox-api';
import { InboxRequest } from '../data-access/models';
import { RequestDetails } from './request-details';
import { requestTitle } from './request-text';

export interface RequestDialogData {
  readonly requestId: string;
  /** What the list already shows, so the card is not empty while the whole request is read. */
  readonly preview?: InboxRequest;
}

/** How the card was left: the list it was opened from takes the request out or updates it. */
export type RequestOutcome =
  | { readonly kind: 'accepted'; readonly request: InboxRequest; readonly dealId: string }
  | { readonly kind: 'declined'; readonly request: InboxRequest }
  | { readonly kind: 'restored'; readonly request: InboxRequest }
  /** Someone else decided it first (409), or it is gone (404). */
  | { readonly kind: 'taken'; readonly requestId: string };

/** The server's limit on a decline reason. */
const REASON_MAX = 1000;

/**
 * A request opened from «Неразобранное», the Inbox screen or a toast: all its data, the region
 * and the raw message, with «Принять» (green, at the bottom, as the manual says) and
 * «Отклонить» (an optional reason). Accepted, the deal opens (its id is the request's); taken
 * by someone first, the card says who and closes.
 */
@Component({
  selector: 'app-request-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    FieldErrorPipe,
    RequestDetails,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './request-dialog.html',
  styleUrl: './request-dialog.scss',
})
export class RequestDialog {
  private readonly data = inject<RequestDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<RequestDialog, RequestOutcome>>(MatDialogRef);
  private readonly api = inject(InboxApi);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18n);
  private readonly session = inject(SessionStore);

  protected readonly request = signal<InboxRequest | null>(this.data.preview ?? null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly declining = signal(false);
  protected readonly actionError = signal<string | null>(null);
  protected readonly title = computed(() => {
    const request = this.request();
    return request ? requestTitle(request, this.i18n) : this.i18n.t('inbox.request');
  });
  protected readonly canRestore = computed(
    () => this.session.isAdmin() && this.request()?.status === 'declined',
  );
  protected readonly reason = inject(NonNullableFormBuilder).control('', [
    Validators.maxLength(REASON_MAX),
  ]);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.request.set(await firstValueFrom(this.api.request(this.data.requestId)));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 404) {
        this.notify(this.i18n.t('inbox.notFound'));
        this.dialogRef.close({ kind: 'taken', requestId: this.data.requestId });
        return;
      }
      this.loadError.set(problemMessage(error, this.i18n));
    }
  }

  protected async accept(): Promise<void> {
    await this.run(async () => {
      const result = await firstValueFrom(this.api.accept(this.data.requestId));
      this.dialogRef.close({ kind: 'accepted', request: result.request, dealId: result.dealId });
      this.notify(this.i18n.t('inbox.accepted'));
      // GET /api/deals/{id} waits for Deals to open it, so the card finds the deal.
      await this.router.navigate(['/deals', result.dealId]);
    });
  }

  protected startDecline(): void {
    this.declining.set(true);
  }

  protected cancelDecline(): void {
    this.declining.set(false);
    this.reason.setValue('');
  }

  protected async decline(): Promise<void> {
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    await this.run(async () => {
      const request = await firstValueFrom(
        this.api.decline(this.data.requestId, this.reason.value.trim() || null),
      );
      this.notify(this.i18n.t('inbox.declined'));
      this.dialogRef.close({ kind: 'declined', request });
    });
  }

  protected async restore(): Promise<void> {
    await this.run(async () => {
      const request = await firstValueFrom(this.api.restore(this.data.requestId));
      this.notify(this.i18n.t('inbox.restored'));
      this.dialogRef.close({ kind: 'restored', request });
    });
  }

  /**
   * One decision at a time. A 409 (someone was first) says who, in the server's words
   * («Заявку уже принял(а) …»), and closes the card: the request has left «Неразобранное».
   */
  private async run(action: () => Promise<void>): Promise<void> {
    if (this.busy()) {
      return;
    }
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await action();
    } catch (error) {
      const status = toProblem(error)?.status;
      if (status === 409 || status === 404) {
        this.notify(problemMessage(error, this.i18n));
        this.dialogRef.close({ kind: 'taken', requestId: this.data.requestId });
        return;
      }
      this.actionError.set(problemMessage(error, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 8000 });
  }
}
