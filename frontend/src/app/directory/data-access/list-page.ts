import { Signal, computed, effect, inject, signal, untracked } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Params, Router } from '@angular/router';
import { Observable } from 'rxjs';
import { FILTER_PREFIX } from '../../shared/ui/data-table/table-query';
import { ListFilter, ListQuery, Page, Sort, SortField } from './models';

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

/**
 * The list's query from the URL (`?q=&filter=&sort=&page=&size=`): Back returns to the same
 * page, and a link or a reload opens the same ready filter. A filter this list does not have
 * (`filters`) is dropped.
 */
export function queryFromParams(
  params: Params,
  defaultSort: Sort,
  filters: readonly ListFilter[] = [],
): ListQuery {
  const text = (key: string): string | null =>
    typeof params[key] === 'string' ? (params[key] as string) : null;
  const sort = text('sort');
  const filter = filters.find((f) => f === text('filter')) ?? null;
  const columns: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (
      name.startsWith(FILTER_PREFIX) &&
      name.length > FILTER_PREFIX.length &&
      typeof value === 'string' &&
      value
    ) {
      columns[name.slice(FILTER_PREFIX.length)] = value;
    }
  }
  return {
    q: text('q') ?? '',
    filter,
    sort: isSort(sort) ? sort : defaultSort,
    page: positive(text('page'), 1),
    pageSize: Math.min(200, positive(text('size'), DEFAULT_PAGE_SIZE)),
    columns,
  };
}

/**
 * The query as URL parameters; defaults are left out. `shown` are the parameters in the URL now:
 * a column filter there that the query no longer has is cleared (null), as the URL is merged.
 */
export function paramsFromQuery(query: ListQuery, defaultSort: Sort, shown: Params = {}): Params {
  const params: Params = {
    q: query.q.trim() || null,
    filter: query.filter,
    sort: query.sort === defaultSort ? null : query.sort,
    page: query.page === 1 ? null : query.page,
    size: query.pageSize === DEFAULT_PAGE_SIZE ? null : query.pageSize,
  };
  for (const name of Object.keys(shown)) {
    if (name.startsWith(FILTER_PREFIX)) {
      params[name] = null;
    }
  }
  for (const column of Object.keys(query.columns).sort()) {
    params[FILTER_PREFIX + column] = query.columns[column];
  }
  return params;
}

/** The server's `sort` → Material's sort header state. */
export function fromSort(sort: Sort): { active: SortField; direction: 'asc' | 'desc' } {
  return sort.startsWith('-')
    ? { active: sort.slice(1) as SortField, direction: 'desc' }
    : { active: sort as SortField, direction: 'asc' };
}

/**
 * One server-side paged, sorted, searchable, filterable list: the query as a signal and the
 * page it loads (a newer query cancels the request of an older one). A new search, filter or
 * sort goes back to the first page. The query lives in the URL, both ways: Back from a card
 * returns to the same search and page, a reload or a shared link opens the same ready filter,
 * and a link to the list without parameters (the «Списки» rail item) shows it unfiltered.
 * Create in an injection context (a component's field).
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
    /** The ready filters this list offers; others in the URL are ignored. */
    readonly filters: readonly ListFilter[] = [],
  ) {
    const router = inject(Router);
    const route = inject(ActivatedRoute);
    const fromUrl = (params: Params) => queryFromParams(params, defaultSort, filters);
    const key = (query: ListQuery) => JSON.stringify(paramsFromQuery(query, defaultSort));
    this.state = signal<ListQuery>(fromUrl(route.snapshot.queryParams));
    this.query = this.state.asReadonly();
    // The URL changed under the list (a link, the rail item, Back): follow it. Its own writes
    // come back equal (compared as URL parameters, so a search typed with a trailing space is
    // not trimmed under the user's cursor).
    route.queryParams.pipe(takeUntilDestroyed()).subscribe((params) => {
      const next = fromUrl(params);
      if (key(next) !== key(untracked(this.state))) {
        this.state.set(next);
      }
    });
    effect(() => {
      const queryParams = paramsFromQuery(
        this.state(),
        defaultSort,
        untracked(() => route.snapshot.queryParams),
      );
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

  /** A ready filter (null: none); back to the first page. */
  filterBy(filter: ListFilter | null): void {
    const next = this.filters.find((f) => f === filter) ?? null;
    if (next !== this.state().filter) {
      this.state.update((s) => ({ ...s, filter: next, page: 1 }));
    }
  }

  /** A column's filter expression (null: cleared); back to the first page. */
  filterColumn(column: string, expression: string | null): void {
    const columns = { ...this.state().columns };
    if (expression) {
      columns[column] = expression;
    } else {
      delete columns[column];
    }
    this.state.update((s) => ({ ...s, columns, page: 1 }));
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
