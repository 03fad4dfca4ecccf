import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { DealListItem, DealParty, DealsApi } from '../../deals';
import { PipelinesStore } from '../../pipelines';
import { formatMoney } from '../../shared/format/money';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';

const SHOWN = 50;

/** «Сделки» of a company or contact card: number, name (link), stage, budget. */
@Component({
  selector: 'app-linked-deals',
  imports: [RouterLink, MatButtonModule, MatIconModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="title" id="linked-deals-title">
      {{ 'record.deals' | t }}
      @if (deals.hasValue()) {
        <span class="count">{{ deals.value().total }}</span>
      }
    </h2>
    @if (deals.error()) {
      <p class="muted" role="alert">
        {{ 'record.dealsFailed' | t }}
        <button mat-button type="button" (click)="deals.reload()">{{ 'common.retry' | t }}</button>
      </p>
    } @else if (deals.hasValue()) {
      <ul class="deals" aria-labelledby="linked-deals-title" data-testid="linked-deals">
        @for (deal of deals.value().items; track deal.id) {
          <li class="deal" [class.closed]="deal.closedAt">
            <a class="deal-link" [routerLink]="['/deals', deal.id]">{{ deal.name }}</a>
            <span class="meta">#{{ deal.number }} · {{ stageName(deal) }}</span>
            @if (deal.budget !== null) {
              <span class="budget">{{ money(deal) }}</span>
            }
          </li>
        } @empty {
          <li class="muted">{{ 'record.noDeals' | t }}</li>
        }
      </ul>
      @if (deals.value().total > shown) {
        <p class="muted">{{ 'record.moreDeals' | t: { n: deals.value().total - shown } }}</p>
      }
    } @else {
      <p class="muted">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .title {
      font: var(--mat-sys-title-small);
      margin: 12px 0 6px;
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .count {
      font: var(--mat-sys-label-small);
      padding: 0 6px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-highest);
    }
    .deals {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .deal {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0 8px;
      padding: 4px 6px;
      border-radius: 6px;
      background: var(--mat-sys-surface);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .deal.closed {
      opacity: 0.75;
    }
    .deal-link {
      color: var(--mat-sys-primary);
      text-decoration: none;
      font-weight: 500;
    }
    .deal-link:hover {
      text-decoration: underline;
    }
    .meta,
    .muted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .meta {
      grid-column: 1;
    }
    .budget {
      grid-column: 2;
      grid-row: 1;
      white-space: nowrap;
    }
  `,
})
export class LinkedDeals {
  private readonly api = inject(DealsApi);
  private readonly i18n = inject(I18n);
  private readonly pipelines = inject(PipelinesStore);

  readonly party = input.required<DealParty>();
  protected readonly shown = SHOWN;

  protected readonly deals = rxResource({
    params: () => this.party(),
    stream: ({ params }) => this.api.byParty(params, 1, SHOWN),
  });

  private readonly stages = computed(
    () => new Map(this.pipelines.pipelines().flatMap((p) => p.stages.map((s) => [s.id, s.name]))),
  );

  constructor() {
    void this.pipelines.ensureLoaded();
  }

  protected stageName(deal: DealListItem): string {
    return this.stages().get(deal.stageId) ?? '';
  }

  protected money(deal: DealListItem): string {
    return formatMoney(deal.budget, this.i18n.locale(), deal.currency);
  }
}
