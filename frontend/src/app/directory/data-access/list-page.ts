import { Signal, computed, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Observable } from 'rxjs';
import { ListQuery, Page, Sort, SortField } from './models';

export const DEFAULT_PAGE_SIZE = 50;
export const PAGE_SIZES: readonly number[] = [25, 50, 100, 200];

/** Material's sort state → the server's `sort` (`-` for descending); no direction: default. */
export function toSort(active: string, direction: 'asc' | 'desc' | '', fallback: Sort): Sort {
  const fields: readonly SortField[] = ['name', 'fullName', 'createdAt', 'updatedAt'];
  const field = fields.find((f) => f === active);
  if (!field || !direction) {
    return fallback;
  }
  return direction === 'desc' ? `-${field}` : field;
}

/** The server's `sort` → Material's sort header state. */
export function fromSort(sort: Sort): { active: SortField; direction: 'asc' | 'desc' } {
  return sort.startsWith('-')
    ? { active: sort.slice(1) as SortField, direction: 'desc' }
    : { active: sort as SortField, direction: 'asc' };
}

/**
 * One server-side paged, sorted, searchable list: the query as a signal and the page it
 * loads (a newer query cancels the request of an older one). A new search or sort goes
 * back to the first page. Create in an injection context (a component's field).
 */
export class ListPage<T> {
  private readonly state: ReturnType<typeof signal<ListQuery>>;
  readonly query: Signal<ListQuery>;
  readonly resource;
  readonly rows: Signal<readonly T[]>;
  readonly total: Signal<number>;

  constructor(
    load: (query: ListQuery) => Observable<Page<T>>,
    readonly defaultSort: Sort,
  ) {
    this.state = signal<ListQuery>({
      q: '',
      sort: defaultSort,
      page: 1,
      pageSize: DEFAULT_PAGE_SIZE,
    });
    this.query = this.state.asReadonly();
    this.resource = rxResource<Page<T>, ListQuery>({
      params: () => this.state(),
      stream: ({ params }) => load(params),
    });
    // The last page stays on screen while the next one loads (no blank table between pages).
    let last: Page<T> | null = null;
    const page = computed(() => {
      if (this.resource.hasValue()) {
        last = this.resource.value();
      }
      return last;
    });
    this.rows = computed(() => page()?.items ?? []);
    this.total = computed(() => page()?.total ?? 0);
  }

  search(q: string): void {
    if (q.trim() !== this.state().q.trim()) {
      this.state.update((s) => ({ ...s, q, page: 1 }));
    }
  }

  sortBy(active: string, direction: 'asc' | 'desc' | ''): void {
    this.state.update((s) => ({
      ...s,
      sort: toSort(active, direction, this.defaultSort),
      page: 1,
    }));
  }

  /** Material's paginator counts pages from 0; the server from 1. */
  pageTo(pageIndex: number, pageSize: number): void {
    this.state.update((s) =>
      pageSize !== s.pageSize ? { ...s, page: 1, pageSize } : { ...s, page: pageIndex + 1 },
    );
  }

  reload(): void {
    this.resource.reload();
  }
}
