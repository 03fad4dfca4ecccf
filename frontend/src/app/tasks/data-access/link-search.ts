import { Injectable, inject } from '@angular/core';
import { Observable, catchError, combineLatest, from, map, of, switchMap } from 'rxjs';
import { DealsApi } from '../../deals/data-access/deals-api';
import { DirectoryApi } from '../../directory/data-access/directory-api';
import { PipelinesStore } from '../../pipelines/data-access/pipelines-store';
import { TaskLink } from './models';

export interface LinkOption extends TaskLink {
  /** A second line: the deal's company, the contact's company or phone. */
  readonly detail: string | null;
}

const DEALS_SHOWN = 6;

/**
 * «Привязать к»: deals first (the manual: "Сделки стоят в самом начале списка"), then
 * companies and contacts. Deals has no search route of its own, so each active pipeline's
 * board is asked with `q`; Directory's suggest gives companies and contacts.
 */
@Injectable({ providedIn: 'root' })
export class LinkSearch {
  private readonly deals = inject(DealsApi);
  private readonly directory = inject(DirectoryApi);
  private readonly pipelines = inject(PipelinesStore);

  search(q: string): Observable<readonly LinkOption[]> {
    return from(this.pipelines.ensureLoaded()).pipe(
      switchMap(() => combineLatest([this.searchDeals(q), this.searchDirectory(q)])),
      map(([deals, records]) => [...deals, ...records]),
    );
  }

  private searchDeals(q: string): Observable<readonly LinkOption[]> {
    const pipelines = this.pipelines.pipelines();
    if (pipelines.length === 0) {
      return of([]);
    }
    return combineLatest(
      pipelines.map((pipeline) =>
        this.deals.board(pipeline.id, { responsibleId: null, q }).pipe(
          map((board) => board.stages.flatMap((stage) => stage.cards)),
          catchError(() => of([])),
        ),
      ),
    ).pipe(
      map((lists) =>
        lists
          .flat()
          .slice(0, DEALS_SHOWN)
          .map((card) => ({
            kind: 'deal' as const,
            id: card.id,
            name: card.name,
            detail: card.companyName,
          })),
      ),
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
