import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { I18n } from '../../i18n/i18n';
import { DataTable, DataTableCell, DataTableRowActions, FilterChange } from './data-table';
import { TableColumn } from './table-column';
import { TableView, formatFilter } from './table-query';

interface Row {
  readonly id: string;
  readonly name: string;
  readonly budget: number | null;
  readonly stageId: string;
  readonly updatedAt: string;
}

const columns: TableColumn<Row>[] = [
  {
    id: 'name',
    label: 'Название',
    type: 'text',
    sort: 'name',
    filter: 'name',
    cell: (r) => r.name,
  },
  {
    id: 'budget',
    label: 'Бюджет',
    type: 'money',
    sort: 'budget',
    filter: 'budget',
    nullable: true,
    cell: (r) => String(r.budget ?? ''),
  },
  {
    id: 'stage',
    label: 'Этап',
    type: 'stage',
    filter: 'stage',
    options: [
      { value: 's1', label: 'Первичный контакт', group: 'Продажи' },
      { value: 's2', label: 'Переговоры', group: 'Продажи' },
    ],
    cell: (r) => (r.stageId === 's1' ? 'Первичный контакт' : 'Переговоры'),
  },
  {
    id: 'updated',
    label: 'Изменена',
    type: 'dateTime',
    sort: 'updated',
    filter: 'updated',
    cell: (r) => r.updatedAt,
  },
  { id: 'secret', label: 'Скрытый', type: 'text', cell: () => 'не видно' },
];

@Component({
  imports: [DataTable, DataTableCell, DataTableRowActions],
  template: `
    <app-data-table
      [columns]="columns"
      [visible]="visible()"
      [rows]="rows()"
      [rowId]="rowId"
      [view]="view()"
      [total]="total()"
      [sums]="[
        { currency: 'RUB', amount: 1000 },
        { currency: 'USD', amount: 5 },
      ]"
      [hasMore]="hasMore()"
      [selectable]="true"
      [(selected)]="selected"
      label="Сделки"
      (sortChange)="events.push(['sort', $event])"
      (filterChange)="filters.push($event)"
      (columnsChange)="events.push(['columns', $event])"
      (loadMore)="events.push(['more', null])"
      (opened)="events.push(['open', $event.id])"
    >
      <ng-template appCell="name" let-row
        ><a href="#" class="name">{{ row.name }}</a></ng-template
      >
      <ng-template appRowActions let-row
        ><button type="button" class="plan">{{ row.id }}</button></ng-template
      >
      <p tableEmpty class="empty">Пусто</p>
    </app-data-table>
  `,
})
class Host {
  readonly columns = columns;
  readonly visible = signal(['name', 'budget', 'stage', 'updated']);
  readonly rows = signal<Row[]>([
    { id: 'd1', name: 'Ёлки', budget: 1000, stageId: 's1', updatedAt: 'вчера' },
    { id: 'd2', name: 'Берёзы', budget: null, stageId: 's2', updatedAt: 'сегодня' },
  ]);
  readonly rowId = (r: Row) => r.id;
  readonly view = signal<TableView>({ sort: null, filters: {}, columns: null });
  readonly total = signal<number | null>(2);
  readonly hasMore = signal(true);
  readonly selected = signal<readonly string[]>([]);
  readonly events: [string, unknown][] = [];
  readonly filters: FilterChange[] = [];
}

describe('DataTable: the one table of the lists', () => {
  let fixture: ComponentFixture<Host>;
  let host: Host;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    const i18n = TestBed.inject(I18n);
    i18n.use('ru');
    i18n.useTimeZone('Europe/Moscow');
    fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  const headers = () =>
    [...element.querySelectorAll('th[data-column]')].map((th) => th.getAttribute('data-column'));
  const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const overlay = () => document.querySelector('.cdk-overlay-container') as HTMLElement;
  const button = (root: ParentNode, label: string) =>
    [...root.querySelectorAll('button')].find((b) => text(b) === label) as HTMLButtonElement;
  async function openFilter(column: string): Promise<HTMLElement> {
    element.querySelector<HTMLButtonElement>(`th[data-column="${column}"] button.filter`)!.click();
    await fixture.whenStable();
    return overlay().querySelector('[data-testid="filter-panel"]') as HTMLElement;
  }
  function type(input: HTMLInputElement, value: string): void {
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('shows the chosen columns in their order, the page’s cell templates and row actions', () => {
    expect(headers()).toEqual(['name', 'budget', 'stage', 'updated']);
    const first = element.querySelector('tr[data-row]')!;
    expect(first.querySelector('a.name')?.textContent).toBe('Ёлки');
    expect(text(first)).toContain('Первичный контакт');
    expect(first.querySelector('button.plan')?.textContent).toBe('d1');
    expect(text(element)).not.toContain('не видно');
  });

  it('tells the count and the sums per currency of what the filters select', () => {
    const totals = text(element.querySelector('[data-testid="table-totals"]'));
    // One sum per currency, never added across them.
    expect(totals).toBe('Найдено: 2 · 1 000 ₽ · 5 $');
  });

  it('sorts by a header: ascending, then descending, with aria-sort', async () => {
    const nameHeader = () => element.querySelector('th[data-column="name"]')!;
    expect(nameHeader().getAttribute('aria-sort')).toBe('none');
    nameHeader().querySelector<HTMLButtonElement>('button.sort')!.click();
    expect(host.events).toContainEqual(['sort', 'name']);
    host.view.set({ sort: 'name', filters: {}, columns: null });
    await fixture.whenStable();
    expect(nameHeader().getAttribute('aria-sort')).toBe('ascending');
    nameHeader().querySelector<HTMLButtonElement>('button.sort')!.click();
    expect(host.events).toContainEqual(['sort', '-name']);
    // A column without a sort key has no sort button.
    expect(element.querySelector('th[data-column="stage"] button.sort')).toBeNull();
  });

  it('filters a text column by "contains"', async () => {
    const panel = await openFilter('name');
    type(panel.querySelector('input[name="text"]')!, 'ёлк');
    button(panel, 'Применить').click();
    expect(host.filters).toEqual([{ column: 'name', filter: { kind: 'contains', text: 'ёлк' } }]);
    expect(formatFilter(host.filters[0].filter!)).toBe('~ёлк');
  });

  it('filters money by a range, or by «Пусто» when the column can be empty', async () => {
    let panel = await openFilter('budget');
    type(panel.querySelector('input[name="from"]')!, '100');
    button(panel, 'Применить').click();
    expect(formatFilter(host.filters[0].filter!)).toBe('100..');
    await fixture.whenStable();

    panel = await openFilter('budget');
    panel.querySelector<HTMLInputElement>('mat-radio-button[value="empty"] input')!.click();
    await fixture.whenStable();
    button(panel, 'Применить').click();
    expect(formatFilter(host.filters[1].filter!)).toBe('empty');
  });

  it('filters a time column by the user’s days, sent as instants of their zone', async () => {
    const panel = await openFilter('updated');
    type(panel.querySelector('input[name="from"]')!, '2026-03-01');
    type(panel.querySelector('input[name="to"]')!, '2026-03-02');
    button(panel, 'Применить').click();
    // Moscow is UTC+3: the 1st starts at 21:00 UTC on 28 February, the 2nd ends at 20:59:59.999 UTC.
    expect(formatFilter(host.filters[0].filter!)).toBe(
      '2026-02-28T21:00:00.000Z..2026-03-02T20:59:59.999Z',
    );
  });

  it('filters a stage column by the options picked, and shows the filter as a chip', async () => {
    const panel = await openFilter('stage');
    expect(text(panel)).toContain('Продажи');
    const boxes = panel.querySelectorAll<HTMLInputElement>('mat-checkbox input');
    boxes[1].click();
    boxes[0].click();
    await fixture.whenStable();
    button(panel, 'Применить').click();
    expect(formatFilter(host.filters[0].filter!)).toBe('in:s1,s2');

    host.view.set({ sort: null, filters: { stage: host.filters[0].filter! }, columns: null });
    await fixture.whenStable();
    const chip = element.querySelector('[data-testid="filter-chip"]')!;
    expect(text(chip)).toContain('Этап: Первичный контакт, Переговоры');
    chip.querySelector<HTMLButtonElement>('button')!.click();
    expect(host.filters[1]).toEqual({ column: 'stage', filter: null });
  });

  it('chooses and orders the columns: hide one, move another up', async () => {
    button(element, 'view_columnСтолбцы').click();
    await fixture.whenStable();
    const chooser = overlay().querySelector('[data-testid="column-chooser"]') as HTMLElement;
    const items = [...chooser.querySelectorAll('li')];
    expect(items.map((li) => text(li.querySelector('mat-checkbox')))).toEqual([
      'Название',
      'Бюджет',
      'Этап',
      'Изменена',
      'Скрытый',
    ]);
    items[1].querySelector<HTMLInputElement>('mat-checkbox input')!.click();
    items[4].querySelector<HTMLInputElement>('mat-checkbox input')!.click();
    await fixture.whenStable();
    chooser.querySelector<HTMLButtonElement>('[aria-label="Переместить «Скрытый» выше"]')!.click();
    await fixture.whenStable();
    button(chooser, 'Применить').click();
    expect(host.events).toContainEqual(['columns', ['name', 'stage', 'secret', 'updated']]);
  });

  it('selects rows one by one or all at once', async () => {
    const boxes = () => element.querySelectorAll<HTMLInputElement>('mat-checkbox input');
    boxes()[2].click();
    await fixture.whenStable();
    expect(host.selected()).toEqual(['d2']);
    boxes()[0].click();
    await fixture.whenStable();
    expect(host.selected()).toEqual(['d1', 'd2']);
    expect(text(element)).toContain('Выбрано: 2');
  });

  it('opens a row on click or Enter, moves between rows with the arrows', () => {
    const rows = element.querySelectorAll<HTMLElement>('tr[data-row]');
    rows[0]
      .querySelector('td:nth-child(3)')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(host.events).toContainEqual(['open', 'd1']);
    rows[0].focus();
    rows[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(rows[1]);
    rows[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(host.events).toContainEqual(['open', 'd2']);
    // A click on the row's own button is the button's, not an open.
    rows[0].querySelector<HTMLButtonElement>('button.plan')!.click();
    expect(host.events.filter((e) => e[0] === 'open')).toHaveLength(2);
  });

  it('loads more from its button, and shows the page’s empty state without rows', async () => {
    button(element, 'Показать ещё').click();
    expect(host.events).toContainEqual(['more', null]);
    host.rows.set([]);
    host.hasMore.set(false);
    await fixture.whenStable();
    expect(element.querySelector('.empty')?.textContent).toBe('Пусто');
    expect(button(element, 'Показать ещё')).toBeUndefined();
  });
});

describe('DataTable: the next page when the end scrolls into view', () => {
  let notify: IntersectionObserverCallback | null = null;

  /** The browser's observer, as far as the table uses it; the test says when it calls back. */
  class FakeObserver {
    constructor(callback: IntersectionObserverCallback) {
      notify = callback;
    }
    observe(): void {}
    disconnect(): void {}
  }

  beforeEach(() => vi.stubGlobal('IntersectionObserver', FakeObserver));
  afterEach(() => {
    vi.unstubAllGlobals();
    notify = null;
  });

  async function table(): Promise<{ host: Host; end: HTMLElement }> {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    TestBed.inject(I18n).use('ru');
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const scroller = element.querySelector<HTMLElement>('.scroller')!;
    scroller.getBoundingClientRect = () => new DOMRect(0, 100, 1000, 600);
    return {
      host: fixture.componentInstance,
      end: element.querySelector<HTMLElement>('.sentinel')!,
    };
  }
  const at = (end: HTMLElement, top: number) =>
    (end.getBoundingClientRect = () => new DOMRect(0, top, 1000, 0));
  const intersecting = () =>
    notify!([{ isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver);

  it('reads the next page when the end is in view', async () => {
    const { host, end } = await table();
    at(end, 650);
    intersecting();
    expect(host.events).toEqual([['more', null]]);
  });

  it('does not, on an entry taken before the rows were laid out, when the end is now far below', async () => {
    const { host, end } = await table();
    // The rows of the page just read push the end 2,000 px down; the observer's entry is older.
    at(end, 2_100);
    intersecting();
    expect(host.events).toEqual([]);
  });
});
