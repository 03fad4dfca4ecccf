import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { I18n } from '../../i18n/i18n';
import { ReadyFilter, SearchPanel } from './search-panel';
import { SavedFilter, TableSettingsApi } from './table-settings-api';

const saved = (id: string, overrides: Partial<SavedFilter> = {}): SavedFilter => ({
  id,
  table: 'deals',
  name: `Вид ${id}`,
  query: 'sort=-budget',
  shared: false,
  ownerId: 'u1',
  mine: true,
  ...overrides,
});

@Component({
  imports: [SearchPanel],
  template: `<app-search-panel
    [table]="{ module: 'deals', table: 'deals' }"
    [ready]="ready"
    active="none"
    query="sort=-budget&f.nextTask=empty&cols=name,budget"
    [isAdmin]="admin()"
    (readyPicked)="picked.push($event.id)"
    (savedPicked)="picked.push($event.id)"
  />`,
})
class Host {
  readonly ready: ReadyFilter[] = [
    { id: 'all', label: 'searchPanel.all', filters: () => ({}) },
    {
      id: 'none',
      label: 'searchPanel.withoutTasks',
      filters: () => ({ nextTask: { kind: 'empty', empty: true } }),
    },
  ];
  readonly admin = signal(false);
  readonly picked: string[] = [];
}

/** «Поиск и фильтр»: ready filters, and the saved ones through the contract of /api/<module>/saved-filters. */
describe('SearchPanel and TableSettingsApi', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<Host>;

  function setUp(): void {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    TestBed.inject(I18n).use('ru');
    http = TestBed.inject(HttpTestingController);
  }

  async function open(admin: boolean, filters: SavedFilter[]): Promise<HTMLElement> {
    setUp();
    fixture = TestBed.createComponent(Host);
    fixture.componentInstance.admin.set(admin);
    fixture.detectChanges();
    http.expectOne('/api/deals/saved-filters?table=deals').flush(filters);
    const root = fixture.nativeElement as HTMLElement;
    await until(() =>
      expect(root.querySelectorAll('[data-testid="saved-filters"] li')).toHaveLength(
        Math.max(1, filters.length),
      ),
    );
    return root;
  }

  async function until(check: () => void): Promise<void> {
    await vi.waitFor(() => {
      fixture.detectChanges();
      check();
    });
  }

  const button = (root: HTMLElement, label: string) =>
    [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === label)!;

  afterEach(() => http.verify());

  it('lists the ready filters (the view’s marked) and the saved ones, and opens either', async () => {
    const root = await open(false, [saved('f1'), saved('f2', { shared: true, mine: false })]);
    expect(button(root, 'Сделки без задач').getAttribute('aria-current')).toBe('true');
    button(root, 'Все сделки').click();
    expect(root.querySelector('[data-testid="saved-filters"]')?.textContent).toContain('общий');
    button(root, 'Вид f1').click();
    expect(fixture.componentInstance.picked).toEqual(['all', 'f1']);
    // Someone else's shared filter: not a manager's to delete.
    expect(root.querySelector('[aria-label="Удалить фильтр «Вид f2»"]')).toBeNull();
    expect(root.querySelector('[aria-label="Удалить фильтр «Вид f1»"]')).not.toBeNull();
    expect(root.textContent).not.toContain('Общий: виден всем');
  });

  it('saves the current view under a name; an admin may share it', async () => {
    const root = await open(true, []);
    expect(root.textContent).toContain('Сохранённых фильтров пока нет');
    button(root, 'bookmark_addСохранить текущий вид').click();
    await until(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toContain('от 1 до 100'),
    );

    const name = root.querySelector<HTMLInputElement>('input[name="name"]')!;
    name.value = 'Крупные без задач';
    name.dispatchEvent(new Event('input'));
    root.querySelector<HTMLInputElement>('mat-checkbox input')!.click();
    fixture.detectChanges();
    button(root, 'bookmark_addСохранить текущий вид').click();
    const post = http.expectOne('/api/deals/saved-filters');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({
      table: 'deals',
      name: 'Крупные без задач',
      query: 'sort=-budget&f.nextTask=empty&cols=name,budget',
      shared: true,
    });
    post.flush(saved('f9', { name: 'Крупные без задач', shared: true }));
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(root.querySelector('[data-testid="saved-filters"]')?.textContent).toContain(
        'Крупные без задач',
      );
    });

    root
      .querySelector<HTMLButtonElement>('[aria-label="Удалить фильтр «Крупные без задач»"]')!
      .click();
    const remove = http.expectOne('/api/deals/saved-filters/f9');
    expect(remove.request.method).toBe('DELETE');
    remove.flush(null, { status: 204, statusText: 'No Content' });
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(root.textContent).toContain('Сохранённых фильтров пока нет');
    });
  });

  it('reads columns never chosen as null; errors stay errors', async () => {
    setUp();
    const api = TestBed.inject(TableSettingsApi);
    const ref = { module: 'directory', table: 'companies' } as const;

    const columns = firstValueFrom(api.columns(ref));
    http.expectOne('/api/directory/table-columns/companies').flush({ columns: null });
    expect(await columns).toBeNull();

    const filters = firstValueFrom(api.savedFilters(ref));
    http
      .expectOne('/api/directory/saved-filters?table=companies')
      .flush(null, { status: 500, statusText: 'Server Error' });
    await expect(filters).rejects.toBeTruthy();

    const chosen = firstValueFrom(api.columns(ref));
    http.expectOne('/api/directory/table-columns/companies').flush({ columns: ['name', 'phone'] });
    expect(await chosen).toEqual(['name', 'phone']);

    const failing = firstValueFrom(api.columns(ref));
    http
      .expectOne('/api/directory/table-columns/companies')
      .flush(null, { status: 500, statusText: 'Server Error' });
    await expect(failing).rejects.toBeTruthy();

    const put = firstValueFrom(api.saveColumns(ref, ['name']));
    const request = http.expectOne('/api/directory/table-columns/companies');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ columns: ['name'] });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await put;
  });
});
