import { TestBed } from '@angular/core/testing';
import { Subject, of, throwError } from 'rxjs';
import { KeysetPage, KeysetRows } from './keyset-rows';

interface Row {
  readonly id: string;
}
interface Totals {
  readonly total: number;
  readonly sum: number;
}

const page = (ids: string[], total: number | null = null): KeysetPage<Row> => ({
  items: ids.map((id) => ({ id })),
  nextCursor: null,
  total,
});

/** The shared keyset rows with the totals read apart from the first page. */
describe('KeysetRows: totals apart from the rows', () => {
  let pages: Subject<KeysetPage<Row>>[];
  let totals: Subject<Totals>[];
  let rows: KeysetRows<Row, KeysetPage<Row>, Totals>;

  beforeEach(() => {
    pages = [];
    totals = [];
    rows = TestBed.runInInjectionContext(
      () =>
        new KeysetRows<Row, KeysetPage<Row>, Totals>(
          () => {
            const s = new Subject<KeysetPage<Row>>();
            pages.push(s);
            return s;
          },
          () => {
            const s = new Subject<Totals>();
            totals.push(s);
            return s;
          },
        ),
    );
  });

  it('shows the rows as soon as they come and the count when it comes, whatever the page said', () => {
    rows.open({ 'f.x': '1' });
    expect(pages).toHaveLength(1);
    expect(totals).toHaveLength(1);
    pages[0].next(page(['a', 'b'], 99));
    expect(rows.rows().map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows.total()).toBeNull();
    totals[0].next({ total: 2, sum: 10 });
    expect(rows.total()).toBe(2);
    expect(rows.totals()).toEqual({ total: 2, sum: 10 });
    rows.dropRow('a');
    expect(rows.total()).toBe(1);
  });

  it('never lets an older view’s count overwrite a newer one', () => {
    rows.open({ 'f.x': '1' });
    rows.open({ 'f.x': '2' });
    totals[1].next({ total: 5, sum: 0 });
    totals[0].next({ total: 500, sum: 0 });
    expect(rows.total()).toBe(5);
    pages[0].next(page(['old']));
    pages[1].next(page(['new']));
    expect(rows.rows().map((r) => r.id)).toEqual(['new']);
  });

  it('keeps the rows when the count fails, the count unknown', () => {
    const failing = TestBed.runInInjectionContext(
      () =>
        new KeysetRows<Row, KeysetPage<Row>, Totals>(
          () => of(page(['a'])),
          () => throwError(() => new Error('count failed')),
        ),
    );
    failing.open({});
    expect(failing.rows().map((r) => r.id)).toEqual(['a']);
    expect(failing.total()).toBeNull();
    expect(failing.error()).toBeNull();
  });
});
