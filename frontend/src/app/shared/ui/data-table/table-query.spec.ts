import {
  ColumnFilter,
  formatFilter,
  fromQueryString,
  nextSort,
  parseFilter,
  sortState,
  toQueryString,
  viewFromParams,
  viewToParams,
  withFilter,
} from './table-query';

/** The `f.<column>` grammar of docs/pipelines-deals-api.md, "The deals table", both ways. */
describe('table query: the column filter grammar and the view in the URL', () => {
  it('writes each kind of filter as the server reads it', () => {
    expect(formatFilter({ kind: 'contains', text: ' ёлк ' })).toBe('~ёлк');
    expect(formatFilter({ kind: 'range', from: '100', to: '200.5' })).toBe('100..200.5');
    expect(formatFilter({ kind: 'range', from: '2026-01-01', to: null })).toBe('2026-01-01..');
    expect(formatFilter({ kind: 'range', from: null, to: '2026-12-01T09:00:00.000Z' })).toBe(
      '..2026-12-01T09:00:00.000Z',
    );
    expect(formatFilter({ kind: 'in', values: ['a', 'b'] })).toBe('in:a,b');
    expect(formatFilter({ kind: 'bool', value: false })).toBe('false');
    expect(formatFilter({ kind: 'empty', empty: true })).toBe('empty');
    expect(formatFilter({ kind: 'empty', empty: false })).toBe('!empty');
  });

  it('escapes a comma or a backslash inside an "in" value, and reads it back', () => {
    const filter: ColumnFilter = { kind: 'in', values: ['звонок, входящий', 'a\\b', 'сайт'] };
    const expression = formatFilter(filter)!;
    expect(expression).toBe('in:звонок\\, входящий,a\\\\b,сайт');
    expect(parseFilter(expression)).toEqual(filter);
  });

  it('says nothing for a filter without a value (the column is then not filtered)', () => {
    expect(formatFilter({ kind: 'contains', text: '  ' })).toBeNull();
    expect(formatFilter({ kind: 'range', from: null, to: '' })).toBeNull();
    expect(formatFilter({ kind: 'in', values: [] })).toBeNull();
  });

  it('reads every expression of the grammar and refuses what is not in it', () => {
    expect(parseFilter('~Ромашка')).toEqual({ kind: 'contains', text: 'Ромашка' });
    expect(parseFilter('..5')).toEqual({ kind: 'range', from: null, to: '5' });
    expect(parseFilter('1.5..')).toEqual({ kind: 'range', from: '1.5', to: null });
    expect(parseFilter('true')).toEqual({ kind: 'bool', value: true });
    expect(parseFilter('!empty')).toEqual({ kind: 'empty', empty: false });
    for (const bad of ['', '~', 'in:', 'in:a,,b', '..', '1..2..3', '100', 'elka']) {
      expect(parseFilter(bad), bad).toBeNull();
    }
  });

  it('puts a view into query parameters and takes it back out', () => {
    const view = {
      sort: '-budget',
      filters: {
        stage: { kind: 'in', values: ['s1', 's2'] },
        nextTask: { kind: 'empty', empty: true },
        name: { kind: 'contains', text: 'a+b & c' },
      } as Record<string, ColumnFilter>,
      columns: ['name', 'budget', 'cf.f1'],
    };
    const params = viewToParams(view);
    expect(params).toEqual({
      sort: '-budget',
      'f.name': '~a+b & c',
      'f.nextTask': 'empty',
      'f.stage': 'in:s1,s2',
      cols: 'name,budget,cf.f1',
    });
    const query = toQueryString(params);
    // "+" and "&" typed by the user stay data.
    expect(query).toContain('f.name=~a%2Bb%20%26%20c');
    expect(viewFromParams(fromQueryString(query))).toEqual(view);
    expect(viewFromParams(fromQueryString('?' + query))).toEqual(view);
  });

  it('leaves out what it cannot read and takes no columns as "not chosen"', () => {
    const view = viewFromParams({ 'f.budget': '100', 'f.': 'x', other: 'y', cols: '' });
    expect(view).toEqual({ sort: null, filters: {}, columns: null });
  });

  it('sets and clears one column filter', () => {
    const view = viewFromParams({ 'f.name': '~a' });
    const more = withFilter(view, 'budget', { kind: 'range', from: '1', to: null });
    expect(Object.keys(more.filters).sort()).toEqual(['budget', 'name']);
    expect(withFilter(more, 'name', null).filters).toEqual({ budget: more.filters['budget'] });
    // An empty filter clears too.
    expect(withFilter(more, 'budget', { kind: 'in', values: [] }).filters).toEqual(view.filters);
  });

  it('sorts a header ascending first, then descending', () => {
    expect(nextSort(null, 'name')).toBe('name');
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
    expect(nextSort('-name', 'budget')).toBe('budget');
    expect(sortState('-budget')).toEqual({ column: 'budget', descending: true });
    expect(sortState(null)).toBeNull();
  });
});
