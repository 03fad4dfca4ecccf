import { Signal, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Params, Router } from '@angular/router';
import { Observable } from 'rxjs';
import { ListQuery, Page, Sort, SortField } from './models';

export const DEFAULT_PAGE_SIZE = 50;
export const PAGE_SIZES: readonly number[] = [25, 50, 100, 200];

/** Material's sort state → the server's `sort` (`-` for descending); no direction: default. */
export function toSort(active: string, direction: 'asc' | 'desc' | '', fallback: Sort): Sort {
  const field = SORT_FIELDS.find((f) => f === active);
  if (!field || !direction) {
    return fallback;
  }
  return direction === 'desc' ? `-${field}` : field;
}

const SORT_FIELDS: readonly SortField[] = ['name', 'fullName', 'createdAt', 'updatedAt'];

function isSort(value: string | null | undefined): value is Sort {
  return (
    !!value && SORT_FIELDS.includes((value.startsWith('-') ? value.slice(1) : value) as SortField)
  );
}

/** A positive whole number from the URL, else the fallback. */
function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** The list's query from the URL (`?q=&sort=&page=&size=`): Back returns to the same page. */
export function queryFromParams(params: Params, defaultSort: Sort): ListQuery {
  const text = (key: string): string | null =>
    typeof params[key] === 'string' ? (params[key] as string) : null;
  const sort = text('sort');
  return {
    q: text('q') ?? '',
    sort: isSort(sort) ? sort : defaultSort,
    page: positive(text('page'), 1),
    pageSize: Math.min(200, positive(text('size'), DEFAULT_PAGE_SIZE)),
  };
}

/** The query as URL parameters; defaults are left out. */
export function paramsFromQuery(query: ListQuery, defaultSort: Sort): Params {
  return {
    q: query.q.trim() || null,
    sort: query.sort === defaultSort ? null : query.sort,
    page: query.page === 1 ? null : query.page,
    size: query.pageSize === DEFAULT_PAGE_SIZE ? null : query.pageSize,
  };
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
 * back to the first page. The query lives in the URL too, so Back from a card returns to
 * the same search and page. Create in an injection context (a component's field).
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
    const router = inject(Router);
    const route = inject(ActivatedRoute);
    this.state = signal<ListQuery>(queryFromParams(route.snapshot.queryParams, defaultSort));
    this.query = this.state.asReadonly();
    effect(() => {
      const queryParams = paramsFromQuery(this.state(), defaultSort);
      void router.navigate([], {
        relativeTo: route,
        queryParams,
        queryParamsHandling: 'merge',
        replaceUrl: true,
      });
    });
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
