import { Injectable, computed, inject } from '@angular/core';
import { KeysetRows } from '../../shared/ui/data-table/keyset-rows';
import { DealsApi } from '../data-access/deals-api';
import { DealRow, DealTablePage } from '../data-access/models';

/** The deals table's rows (the shared keyset paging), and the budget sums of the view's first page. */
@Injectable()
export class DealsTableStore extends KeysetRows<DealRow, DealTablePage> {
  readonly sums = computed(() => this.firstPage()?.budgetSums ?? null);

  constructor() {
    const api = inject(DealsApi);
    super((query, after, limit) => api.table(query, after, limit));
  }
}
