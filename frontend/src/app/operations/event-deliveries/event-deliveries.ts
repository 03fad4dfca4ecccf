import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../shared/http/problem';
import { DateTimePipe } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslationKey } from '../../shared/i18n/ru';
import { TranslatePipe } from '../../shared/i18n/translate';
import { Confirmation } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { DeliveriesApi, FailedDelivery } from '../data-access/deliveries-api';

/**
 * Settings → «Доставка событий»: the deliveries of events between modules that failed, with their
 * error, a retry for those given up, and a discard for those no build will take (their handler was
 * removed). Ops read it when a copy (a board count, a task's deal name) looks stale; nothing here is
 * lost, only waiting.
 */
@Component({
  selector: 'app-event-deliveries',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressBarModule,
    MatTableModule,
    MatTooltipModule,
    DateTimePipe,
    EmptyState,
    TranslatePipe,
  ],
  templateUrl: './event-deliveries.html',
  styleUrl: './event-deliveries.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EventDeliveries implements OnInit {
  private readonly api = inject(DeliveriesApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly confirmation = inject(Confirmation);
  private readonly i18n = inject(I18n);

  protected readonly columns = ['event', 'handler', 'attempts', 'lastFailedAt', 'state', 'actions'];
  protected readonly deadOnly = signal(true);
  protected readonly failures = signal<readonly FailedDelivery[]>([]);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The deliveries being retried or discarded ("eventId/handler"), so their buttons are not pressed twice. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.failures.set(await firstValueFrom(this.api.failures(this.deadOnly())));
      this.loaded.set(true);
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  protected show(deadOnly: boolean): void {
    this.deadOnly.set(deadOnly);
    void this.load();
  }

  protected async retry(failure: FailedDelivery): Promise<void> {
    await this.act(failure, async () => {
      await firstValueFrom(this.api.retry(failure));
      return 'deliveries.retried';
    });
  }

  protected async discard(failure: FailedDelivery): Promise<void> {
    const confirmed = await this.confirmation.ask({
      title: this.i18n.t('deliveries.discardTitle'),
      message: this.i18n.t('deliveries.discardConfirm', {
        event: this.shortName(failure.eventType),
        handler: failure.handler,
      }),
      confirm: this.i18n.t('deliveries.discard'),
    });
    if (confirmed) {
      await this.act(failure, async () => {
        await firstValueFrom(this.api.discard(failure));
        return 'deliveries.discarded';
      });
    }
  }

  protected isBusy(failure: FailedDelivery): boolean {
    return this.busy().has(keyOf(failure));
  }

  /** Runs a retry or a discard, says how it went, and reloads the list (someone else may have acted too). */
  private async act(failure: FailedDelivery, action: () => Promise<TranslationKey>): Promise<void> {
    const key = keyOf(failure);
    this.busy.update((keys) => new Set([...keys, key]));
    try {
      this.snackBar.open(this.i18n.t(await action()), undefined, { duration: 4000 });
    } catch (error) {
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      const message =
        status === 404
          ? this.i18n.t('deliveries.notDead')
          : status === 409
            ? this.i18n.t('deliveries.handlerGone')
            : problemMessage(error, this.i18n);
      this.snackBar.open(message, this.i18n.t('common.close'), { duration: 8000 });
    } finally {
      this.busy.update((keys) => new Set([...keys].filter((k) => k !== key)));
    }
    await this.load();
  }

  /** "DealCreated" of "Crm.Modules.Deals.Contracts.DealCreated". */
  protected shortName(eventType: string): string {
    return eventType.slice(eventType.lastIndexOf('.') + 1);
  }

  /** The error's first line, for the row; the whole text is one click away. */
  protected headline(error: string): string {
    return error.split('\n', 1)[0];
  }

  protected prettyPayload(payload: string): string {
    try {
      return JSON.stringify(JSON.parse(payload), null, 2);
    } catch {
      return payload;
    }
  }
}

const keyOf = (failure: FailedDelivery) => `${failure.eventId}/${failure.handler}`;
