import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import {
  ApplicationRef,
  Injector,
  provideZonelessChangeDetection,
  runInInjectionContext,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { settle } from '../../shared/testing/settle';
import { DirectoryApi, listParams } from './directory-api';
import { ListPage, fromSort, paramsFromQuery, queryFromParams, toSort } from './list-page';
import { CompanyRow, Page } from './models';

describe('list query building', () => {
  it('leaves out an empty search, trims it, and clamps page and page size', () => {
    expect(
      listParams({
        q: '  ',
        filter: null,
        sort: 'name',
        page: 1,
        pageSize: 50,
        columns: {},
      }).toString(),
    ).toBe('sort=name&page=1&pageSize=50');
    expect(
      listParams({
        q: ' ромашка ',
        filter: null,
        sort: '-updatedAt',
        page: 0,
        pageSize: 500,
        columns: {},
      }).toString(),
    ).toBe('q=%D1%80%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0&sort=-updatedAt&page=1&pageSize=200');
    expect(
      listParams(
        { q: '', filter: 'without-tasks', sort: 'fullName', page: 3, pageSize: 25, columns: {} },
        { companyId: 'co1' },
      ).toString(),
    ).toBe('filter=without-tasks&companyId=co1&sort=fullName&page=3&pageSize=25');
  });

  it('sends the column filters as f.<column>, every reserved character encoded (a "+" offset too)', () => {
    expect(
      listParams({
        q: '',
        filter: null,
        sort: 'name',
        page: 1,
        pageSize: 50,
        columns: { phone: '~8 916', updated: '2026-12-01T00:00:00+05:00..' },
      }).toString(),
    ).toBe(
      'f.phone=~8%20916&f.updated=2026-12-01T00%3A00%3A00%2B05%3A00..&sort=name&page=1&pageSize=50',
    );
  });

  it('keeps the column filters in the URL and clears one that is gone', () => {
    const query = queryFromParams({ 'f.phone': '~916', 'f.openDeals': '..0', other: 'x' }, 'name');
    expect(query.columns).toEqual({ phone: '~916', openDeals: '..0' });
    const { phone: _, ...rest } = query.columns;
    expect(
      paramsFromQuery({ ...query, columns: rest }, 'name', {
        'f.phone': '~916',
        'f.openDeals': '..0',
      }),
    ).toEqual({
      q: null,
      filter: null,
      sort: null,
      page: null,
      size: null,
      'f.phone': null,
      'f.openDeals': '..0',
    });
  });

  it("maps Material's sort header to the server's sort and back", () => {
    expect(toSort('name', 'asc', 'name')).toBe('name');
    expect(toSort('updatedAt', 'desc', 'name')).toBe('-updatedAt');
    expect(toSort('name', '', 'fullName')).toBe('fullName');
    expect(toSort('phone', 'asc', 'name')).toBe('name');
    expect(fromSort('-updatedAt')).toEqual({ active: 'updatedAt', direction: 'desc' });
    expect(fromSort('fullName')).toEqual({ active: 'fullName', direction: 'asc' });
  });

  it('keeps the query in the URL without the defaults, and reads it back safely', () => {
    const query = {
      q: 'ромашка',
      filter: 'without-deals-and-tasks',
      sort: '-updatedAt',
      page: 3,
      pageSize: 100,
      columns: {},
    } as const;
    expect(paramsFromQuery(query, 'name')).toEqual({
      q: 'ромашка',
      filter: 'without-deals-and-tasks',
      sort: '-updatedAt',
      page: 3,
      size: 100,
    });
    expect(
      paramsFromQuery(
        { q: ' ', filter: null, sort: 'name', page: 1, pageSize: 50, columns: {} },
        'name',
      ),
    ).toEqual({ q: null, filter: null, sort: null, page: null, size: null });
    expect(
      queryFromParams(
        {
          q: 'ромашка',
          filter: 'without-deals-and-tasks',
          sort: '-updatedAt',
          page: '3',
          size: '100',
        },
        'name',
        ['without-deals-and-tasks'],
      ),
    ).toEqual(query);
    // A filter of the other list, or none the server knows, is dropped.
    expect(
      queryFromParams(
        { filter: 'without-tasks', sort: 'phone', page: '-2', size: '9999' },
        'name',
        ['without-deals-and-tasks'],
      ),
    ).toEqual({ q: '', filter: null, sort: 'name', page: 1, pageSize: 200, columns: {} });
  });
});

describe('ListPage', () => {
  let http: HttpTestingController;
  let list: ListPage<CompanyRow>;
  const page = (items: CompanyRow[], total: number): Page<CompanyRow> => ({
    items,
    total,
    page: 1,
    pageSize: 50,
  });
  const row = (id: string): CompanyRow => ({
    id,
    name: `Компания ${id}`,
    phone: null,
    email: null,
    region: null,
    taxId: null,
    responsibleId: 'u1',
    contactCount: 0,
    updatedAt: '2026-03-01T10:00:00Z',
    openDealCount: 0,
    openTaskCount: 0,
    tags: [],
  });

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const api = TestBed.inject(DirectoryApi);
    list = runInInjectionContext(
      TestBed.inject(Injector),
      () => new ListPage((q) => api.companies(q), 'name', ['without-deals-and-tasks']),
    );
  });

  it('loads the first page, then searches, sorts and pages on the server', async () => {
    TestBed.tick();
    http
      .expectOne('/api/directory/companies?sort=name&page=1&pageSize=50')
      .flush(page([row('1')], 120));
    await settle(TestBed.inject(ApplicationRef));
    expect(list.rows().map((r) => r.id)).toEqual(['1']);
    expect(list.total()).toBe(120);

    list.pageTo(2, 50);
    TestBed.tick();
    const third = http.expectOne('/api/directory/companies?sort=name&page=3&pageSize=50');
    // A new search cancels the page still loading and starts from page 1.
    list.search('ромашка');
    TestBed.tick();
    expect(third.cancelled).toBe(true);
    http
      .expectOne((r) => r.params.get('q') === 'ромашка' && r.params.get('page') === '1')
      .flush(page([row('2')], 1));
    await settle(TestBed.inject(ApplicationRef));
    expect(list.rows().map((r) => r.id)).toEqual(['2']);
    // The query is in the URL, for Back from a card.
    expect(decodeURIComponent(TestBed.inject(Router).url)).toBe('/?q=ромашка');

    list.sortBy('updatedAt', 'desc');
    TestBed.tick();
    const sorted = http.expectOne((r) => r.params.get('sort') === '-updatedAt');
    expect(sorted.request.params.get('q')).toBe('ромашка');
    // The old rows stay while the next page loads.
    expect(list.rows().map((r) => r.id)).toEqual(['2']);
    sorted.flush(page([], 0));
    http.verify();
  });

  it('filters on the server, keeps the filter in the URL, and follows the URL', async () => {
    const router = TestBed.inject(Router);
    TestBed.tick();
    http.expectOne('/api/directory/companies?sort=name&page=1&pageSize=50').flush(page([], 0));
    await settle(TestBed.inject(ApplicationRef));
    list.pageTo(1, 50);
    TestBed.tick();
    http.expectOne((r) => r.params.get('page') === '2').flush(page([], 0));
    await settle(TestBed.inject(ApplicationRef));

    // «Компании без сделок и задач» from the panel: the first page, filtered on the server.
    list.filterBy('without-deals-and-tasks');
    TestBed.tick();
    http
      .expectOne(
        '/api/directory/companies?filter=without-deals-and-tasks&sort=name&page=1&pageSize=50',
      )
      .flush(page([row('3')], 1));
    await settle(TestBed.inject(ApplicationRef));
    expect(list.rows().map((r) => r.id)).toEqual(['3']);
    // In the URL, so a reload or a shared link opens the same filter.
    expect(router.url).toBe('/?filter=without-deals-and-tasks');
    // A filter this list does not have is not sent.
    list.filterBy('without-tasks');
    TestBed.tick();
    expect(list.query().filter).toBeNull();
    http.expectOne((r) => !r.params.has('filter')).flush(page([], 0));
    await settle(TestBed.inject(ApplicationRef));

    // A link with the filter (another tab's URL pasted, Back) switches the list to it…
    await router.navigateByUrl('/?filter=without-deals-and-tasks&q=ромашка');
    TestBed.tick();
    expect(list.query()).toMatchObject({ q: 'ромашка', filter: 'without-deals-and-tasks' });
    http
      .expectOne(
        (r) =>
          r.params.get('filter') === 'without-deals-and-tasks' && r.params.get('q') === 'ромашка',
      )
      .flush(page([], 0));
    await settle(TestBed.inject(ApplicationRef));
    // …and the list's own link without parameters (the «Списки» rail item) shows it all again.
    await router.navigateByUrl('/');
    TestBed.tick();
    expect(list.query()).toMatchObject({ q: '', filter: null, page: 1 });
    http.expectOne('/api/directory/companies?sort=name&page=1&pageSize=50').flush(page([], 0));
    await settle(TestBed.inject(ApplicationRef));

    // A search typed with a trailing space is not trimmed under the cursor when the URL returns.
    list.search('ООО ');
    TestBed.tick();
    http.expectOne((r) => r.params.get('q') === 'ООО').flush(page([], 0));
    await settle(TestBed.inject(ApplicationRef));
    await settle(TestBed.inject(ApplicationRef));
    expect(list.query().q).toBe('ООО ');
    http.verify();
  });
});
