import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Type, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { CompanyRow, ContactRow, Page } from '../data-access/models';
import { CompaniesTable } from './companies-table';
import { ContactsTable } from './contacts-table';

/**
 * «Списки» from the screen (issue 11, item 5): the manual's weekly review «компании без сделок
 * и задач» is a ready filter in «Поиск и фильтр», kept in the URL, and the open deal and task
 * counts are columns of the lists.
 */
describe('«Списки»: ready filters in «Поиск и фильтр» and the open counts', () => {
  let http: HttpTestingController;
  let router: Router;

  const company = (id: string, openDealCount: number, openTaskCount: number): CompanyRow => ({
    id,
    name: `Компания ${id}`,
    phone: null,
    email: null,
    region: null,
    taxId: null,
    responsibleId: 'u1',
    contactCount: 0,
    updatedAt: '2026-03-01T10:00:00Z',
    openDealCount,
    openTaskCount,
    tags: [],
  });
  const contact = (id: string, openTaskCount: number): ContactRow => ({
    id,
    fullName: `Контакт ${id}`,
    position: null,
    companyId: null,
    companyName: null,
    phone: null,
    email: null,
    responsibleId: 'u1',
    updatedAt: '2026-03-01T10:00:00Z',
    openTaskCount,
    tags: [],
  });
  const page = <T>(items: T[]): Page<T> => ({
    items,
    total: items.length,
    page: 1,
    pageSize: 50,
  });

  async function open<T>(component: Type<T>, url: string): Promise<ComponentFixture<T>> {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', children: [] }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    const fixture = TestBed.createComponent(component);
    fixture.detectChanges();
    http.match('/api/identity/users').forEach((r) => r.flush([]));
    // The chosen columns (issue 14): never chosen, the defaults show.
    http
      .match((r) => r.url.startsWith('/api/directory/table-columns/'))
      .forEach((r) => r.flush({ columns: null }));
    return fixture;
  }

  // Not whenStable(): it waits for the list's request, which the test answers itself. Each step waits
  // for what it expects to see instead.
  async function until(fixture: ComponentFixture<unknown>, ready: () => boolean): Promise<void> {
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(ready()).toBe(true);
    });
  }

  const request = (url: string) => vi.waitFor(() => http.expectOne(url));

  const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim();
  /** The headers' labels (a filterable header also holds its filter button). */
  const headers = (root: HTMLElement) =>
    [...root.querySelectorAll('th')].map((th) => text(th.querySelector('.sort, .plain') ?? th));
  const menuItems = () => [...document.querySelectorAll<HTMLElement>('[role="menuitemradio"]')];

  afterEach(() => {
    // the list's tag catalog (the «Теги» filter's choices): empty here
    http.match((r) => r.url === '/api/directory/tags').forEach((r) => r.flush([]));
    http.verify();
  });

  it('companies: «Поиск и фильтр» offers «Компании без сделок и задач»; the counts are columns', async () => {
    const fixture = await open(CompaniesTable, '/lists/companies');
    const root = fixture.nativeElement as HTMLElement;
    http
      .expectOne('/api/directory/companies?sort=name&page=1&pageSize=50')
      .flush(page([company('1', 2, 0), company('2', 0, 3)]));
    await until(fixture, () => root.querySelectorAll('tr[data-row]').length === 2);

    expect(text(root.querySelector('mat-label'))).toBe('Поиск и фильтр');
    expect(headers(root)).toEqual(expect.arrayContaining(['Открытые сделки', 'Открытые задачи']));
    const firstRow = [...root.querySelectorAll('tr[data-row]')][0];
    const cells = [...firstRow.querySelectorAll('td')].map((td) => text(td));
    const at = (name: string) => headers(root).indexOf(name);
    expect(cells[at('Открытые сделки')]).toBe('2');
    expect(cells[at('Открытые задачи')]).toBe('0');

    // The panel of ready filters opens from the field's filter button.
    root.querySelector<HTMLButtonElement>('button[aria-label="Готовые фильтры"]')!.click();
    await until(fixture, () => menuItems().length === 2);
    expect(menuItems().map((item) => text(item.querySelector('span')))).toEqual([
      'Все компании',
      'Компании без сделок и задач',
    ]);
    expect(menuItems().map((item) => item.getAttribute('aria-checked'))).toEqual(['true', 'false']);
    menuItems()[1].click();

    (
      await request(
        '/api/directory/companies?filter=without-deals-and-tasks&sort=name&page=1&pageSize=50',
      )
    ).flush(page([]));
    await until(fixture, () => root.querySelector('app-empty-state') !== null);
    expect(router.url).toBe('/lists/companies?filter=without-deals-and-tasks');
    expect(text(root.querySelector('[data-testid="active-filter"]'))).toContain(
      'Компании без сделок и задач',
    );
    expect(text(root.querySelector('app-empty-state'))).toContain(
      'Компаний без сделок и задач нет',
    );

    // Clearing the chip shows every company again, and the URL says so.
    root
      .querySelector<HTMLButtonElement>(
        'button[aria-label="Снять фильтр «Компании без сделок и задач»"]',
      )!
      .click();
    (await request('/api/directory/companies?sort=name&page=1&pageSize=50')).flush(
      page([company('1', 2, 0)]),
    );
    await until(fixture, () => root.querySelectorAll('tr[data-row]').length === 1);
    expect(router.url).toBe('/lists/companies');
    expect(root.querySelector('[data-testid="active-filter"]')).toBeNull();
  }, 20_000); // a full table with Material's menu; the shared 2-core runner is slow

  it('companies: column filters from the URL go to the server; nothing found keeps the table to clear them', async () => {
    const fixture = await open(CompaniesTable, '/lists/companies?f.openDeals=..0&f.phone=~916');
    const root = fixture.nativeElement as HTMLElement;
    (
      await request(
        '/api/directory/companies?f.openDeals=..0&f.phone=~916&sort=name&page=1&pageSize=50',
      )
    ).flush(page([]));
    await until(
      fixture,
      () =>
        !!text(root.querySelector('app-data-table'))?.includes(
          'Под фильтры столбцов ничего не подходит',
        ),
    );
    const phoneFilter = root.querySelector<HTMLButtonElement>(
      'th[data-column="phone"] button.filter',
    )!;
    expect(phoneFilter.getAttribute('aria-pressed')).toBe('true');
    expect(
      root.querySelector('th[data-column="contactCount"] button.filter'),
      'the server has no filter of the contact count',
    ).toBeNull();
  });

  it('contacts: a link with «Контакты без задач» opens filtered, with the open task column', async () => {
    const fixture = await open(ContactsTable, '/lists/contacts?filter=without-tasks');
    const root = fixture.nativeElement as HTMLElement;
    http
      .expectOne('/api/directory/contacts?filter=without-tasks&sort=fullName&page=1&pageSize=50')
      .flush(page([contact('1', 0)]));
    await until(fixture, () => root.querySelector('[data-testid="active-filter"]') !== null);

    expect(text(root.querySelector('[data-testid="active-filter"]'))).toContain(
      'Контакты без задач',
    );
    expect(headers(root)).toContain('Открытые задачи');
    root.querySelector<HTMLButtonElement>('button[aria-label="Готовые фильтры"]')!.click();
    await until(fixture, () => menuItems().length === 2);
    expect(menuItems().map((item) => item.getAttribute('aria-checked'))).toEqual(['false', 'true']);
    // The companies' filter is not this list's: a URL with it shows every contact.
    document.querySelector<HTMLElement>('.cdk-overlay-backdrop')?.click();
    await router.navigateByUrl('/lists/contacts?filter=without-deals-and-tasks');
    (await request('/api/directory/contacts?sort=fullName&page=1&pageSize=50')).flush(page([]));
    await until(fixture, () => root.querySelector('[data-testid="active-filter"]') === null);
    expect(root.querySelector('[data-testid="active-filter"]')).toBeNull();
  }, 20_000); // a full table with Material's menu; the shared 2-core runner is slow
});
