import { Injectable, inject } from '@angular/core';
import { Observable, catchError, combineLatest, map, of } from 'rxjs';
import { DealsApi, DealSearchItem } from '../../deals';
import { DirectoryApi } from '../../directory';
import { TaskLink } from './models';

export interface LinkOption extends TaskLink {
  /** A second line: the deal's company and stage, the contact's company or phone. */
  readonly detail: string | null;
  /** A won or lost deal (still offered, after the open ones). */
  readonly closed?: boolean;
}

/** Deals shown above companies and contacts. */
export const DEALS_SHOWN = 6;

/**
 * «Привязать к»: deals first (the manual: "Сделки стоят в самом начале списка") from Deals'
 * own search across all pipelines, then companies and contacts from Directory's suggest.
 * Nothing typed: the user's own recently updated open deals.
 */
@Injectable({ providedIn: 'root' })
export class LinkSearch {
  private readonly deals = inject(DealsApi);
  private readonly directory = inject(DirectoryApi);

  search(q: string): Observable<readonly LinkOption[]> {
    const text = q.trim();
    if (!text) {
      return this.searchDeals('');
    }
    return combineLatest([this.searchDeals(text), this.searchDirectory(text)]).pipe(
      map(([deals, records]) => [...deals, ...records]),
    );
  }

  private searchDeals(q: string): Observable<readonly LinkOption[]> {
    return this.deals.search(q, DEALS_SHOWN).pipe(
      map((answer) => answer.items.map(dealOption)),
      catchError(() => of([])),
    );
  }

  private searchDirectory(q: string): Observable<readonly LinkOption[]> {
    return this.directory.suggest(q).pipe(
      map((items) =>
        items.map((item) => ({
          kind: item.kind,
          id: item.id,
          name: item.name,
          detail: item.companyName ?? item.phone ?? item.email ?? null,
        })),
      ),
      catchError(() => of([])),
    );
  }
}

/** "ООО Ромашка · Переговоры" under the deal's name. */
function dealOption(deal: DealSearchItem): LinkOption {
  return {
    kind: 'deal',
    id: deal.id,
    name: deal.name,
    detail: [deal.companyName, deal.stageName].filter(Boolean).join(' · ') || null,
    closed: deal.closed,
  };
}
