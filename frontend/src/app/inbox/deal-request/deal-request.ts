import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { Subscription } from 'rxjs';
import { TranslatePipe } from '../../shared/i18n/translate';
import { InboxApi } from '../data-access/inbox-api';
import { InboxRequest } from '../data-access/models';
import { RequestDetails } from '../request-card/request-details';

/**
 * The request a deal came from, in the deal card's feed (the manual: "Подробная информация по
 * Запросу размещена справа в Ленте, там перечислены все данные, которые отправил нам клиент").
 * An accepted request's deal has the request's own id; a 404 means the deal came from no
 * request, and nothing is shown.
 */
@Component({
  selector: 'app-deal-request',
  imports: [MatIconModule, RequestDetails, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (request(); as r) {
      <section class="deal-request" aria-labelledby="deal-request-title" data-testid="deal-request">
        <h3 id="deal-request-title">
          <mat-icon aria-hidden="true">move_to_inbox</mat-icon>
          {{ 'inbox.dealRequest' | t }}
        </h3>
        <app-request-details [request]="r" [showPipeline]="false" [showDealLink]="false" />
      </section>
    } @else if (failed()) {
      <p class="failed" role="status">
        {{ 'inbox.dealRequestFailed' | t }}
        <button type="button" (click)="load(dealId())">{{ 'common.retry' | t }}</button>
      </p>
    }
  `,
  styles: `
    .deal-request {
      margin: 0 0 16px;
      padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-left: 3px solid var(--mat-sys-tertiary);
      border-radius: 8px;
      background: var(--mat-sys-surface);
    }
    h3 {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 0 0 8px;
      font: var(--mat-sys-title-small);
    }
    .failed {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      button {
        border: 0;
        background: none;
        color: var(--mat-sys-primary);
        text-decoration: underline;
        cursor: pointer;
      }
    }
  `,
})
export class DealRequest {
  private readonly api = inject(InboxApi);
  private loading: Subscription | undefined;

  readonly dealId = input.required<string>();
  protected readonly request = signal<InboxRequest | null>(null);
  protected readonly failed = signal(false);

  constructor() {
    effect(() => this.load(this.dealId()));
  }

  protected load(dealId: string): void {
    this.loading?.unsubscribe();
    this.request.set(null);
    this.failed.set(false);
    this.loading = this.api.request(dealId).subscribe({
      next: (request) => this.request.set(request),
      // 404: the deal came from no request.
      error: (error: unknown) =>
        this.failed.set(!(error instanceof HttpErrorResponse && error.status === 404)),
    });
  }
}
