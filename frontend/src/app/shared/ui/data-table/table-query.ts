/**
 * The tables' view in the URL and in the API's query: sort, column filters `f.<column>=<expression>`
 * and the chosen columns `cols`. The filter grammar is the server's (docs/pipelines-deals-api.md,
 * "The deals table"): `~text` contains, `from..to` ranges (either end may be left out), `in:a,b`
 * (a `,` or `\` inside a value written `\,` or `\\`), `true`/`false`, `empty`/`!empty`.
 */

export type ColumnFilter =
  | { readonly kind: 'contains'; readonly text: string }
  | { readonly kind: 'range'; readonly from: string | null; readonly to: string | null }
  | { readonly kind: 'in'; readonly values: readonly string[] }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'empty'; readonly empty: boolean };

/** What a table shows: its sort (`name` or `-name`; null = the server's default), filters by column, chosen columns. */
export interface TableView {
  readonly sort: string | null;
  readonly filters: Readonly<Record<string, ColumnFilter>>;
  /** The visible columns in order; null = the user's own (kept on the server) or the defaults. */
  readonly columns: readonly string[] | null;
}

export const EMPTY_VIEW: TableView = { sort: null, filters: {}, columns: null };

export const FILTER_PREFIX = 'f.';
export const SORT_PARAM = 'sort';
export const COLUMNS_PARAM = 'cols';

const escapeValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/,/g, '\\,');

/** The expression of a filter, as the server reads it; null when it says nothing (an empty range or list). */
export function formatFilter(filter: ColumnFilter): string | null {
  switch (filter.kind) {
    case 'contains':
      return filter.text.trim() ? `~${filter.text.trim()}` : null;
    case 'range': {
      const from = filter.from?.trim() ?? '';
      const to = filter.to?.trim() ?? '';
      return from || to ? `${from}..${to}` : null;
    }
    case 'in':
      return filter.values.length ? `in:${filter.values.map(escapeValue).join(',')}` : null;
    case 'bool':
      return String(filter.value);
    case 'empty':
      return filter.empty ? 'empty' : '!empty';
  }
}

/** A filter from its expression; null for one this grammar does not have. */
export function parseFilter(expression: string): ColumnFilter | null {
  const value = expression.trim();
  if (value === 'empty' || value === '!empty') {
    return { kind: 'empty', empty: value === 'empty' };
  }
  if (value === 'true' || value === 'false') {
    return { kind: 'bool', value: value === 'true' };
  }
  if (value.startsWith('~')) {
    return value.length > 1 ? { kind: 'contains', text: value.slice(1) } : null;
  }
  if (value.startsWith('in:')) {
    const values = splitList(value.slice(3));
    return values.length && values.every((v) => v.length) ? { kind: 'in', values } : null;
  }
  const dots = value.indexOf('..');
  if (dots >= 0 && value.indexOf('..', dots + 2) < 0 && value.length > 2) {
    const from = value.slice(0, dots);
    const to = value.slice(dots + 2);
    return { kind: 'range', from: from || null, to: to || null };
  }
  return null;
}

function splitList(text: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (char === ',') {
      values.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  values.push(current);
  return values;
}

/** The view's query parameters (what goes into the URL and, without `cols`, to the server). */
export function viewToParams(view: TableView): Record<string, string> {
  const params: Record<string, string> = {};
  if (view.sort) {
    params[SORT_PARAM] = view.sort;
  }
  for (const column of Object.keys(view.filters).sort()) {
    const expression = formatFilter(view.filters[column]);
    if (expression !== null) {
      params[FILTER_PREFIX + column] = expression;
    }
  }
  if (view.columns?.length) {
    params[COLUMNS_PARAM] = view.columns.join(',');
  }
  return params;
}

/** A view from query parameters (the URL's, or a saved filter's); what it cannot read is left out. */
export function viewFromParams(
  params: Readonly<Record<string, string | null | undefined>>,
): TableView {
  const filters: Record<string, ColumnFilter> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name.startsWith(FILTER_PREFIX) && name.length > FILTER_PREFIX.length && value) {
      const filter = parseFilter(value);
      if (filter) {
        filters[name.slice(FILTER_PREFIX.length)] = filter;
      }
    }
  }
  const sort = params[SORT_PARAM]?.trim() || null;
  const columns = params[COLUMNS_PARAM]?.split(',').filter((c) => c.length) ?? [];
  return { sort, filters, columns: columns.length ? columns : null };
}

/** A query string without '?' ("sort=-budget&f.stage=in:…"), as saved filters keep a view. */
export function toQueryString(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** The parameters of a query string (with or without '?'). */
export function fromQueryString(query: string): Record<string, string> {
  const params: Record<string, string> = {};
  new URLSearchParams(query.replace(/^\?/, '')).forEach((value, name) => {
    params[name] = value;
  });
  return params;
}

/** The view with one column's filter set (or cleared with null). */
export function withFilter(
  view: TableView,
  column: string,
  filter: ColumnFilter | null,
): TableView {
  const filters = { ...view.filters };
  if (filter && formatFilter(filter) !== null) {
    filters[column] = filter;
  } else {
    delete filters[column];
  }
  return { ...view, filters };
}

/** The next sort when a header is clicked: ascending, then descending, then ascending again. */
export function nextSort(current: string | null, column: string): string {
  return current === column ? `-${column}` : column;
}

/** The sort's column and direction: "-budget" → budget, desc. */
export function sortState(sort: string | null): { column: string; descending: boolean } | null {
  if (!sort) {
    return null;
  }
  return sort.startsWith('-')
    ? { column: sort.slice(1), descending: true }
    : { column: sort, descending: false };
}
