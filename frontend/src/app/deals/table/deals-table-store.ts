import { Injectable, computed, inject } from '@angular/core';
import { KeysetRows } from '../../shared/ui/data-table/keyset-rows';
import { DealsApi } from '../data-access/deals-api';
import { DealRow, DealTablePage, DealTableTotals } from '../data-access/models';

/**
 * The deals table's rows (the shared keyset paging) and the view's totals, read beside the first
 * page so a filter slow to count never holds the rows up.
 */
@Injectable()
export class DealsTableStore extends KeysetRows<DealRow, DealTablePage, DealTableTotals> {
  readonly sums = computed(() => this.totals()?.budgetSums ?? null);

  constructor() {
    const api = inject(DealsApi);
    super(
      (query, after, limit) => api.table(query, after, limit),
      (query) => api.tableTotals(query),
    );
  }
}
