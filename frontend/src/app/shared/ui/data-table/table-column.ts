import { ColumnFilter } from './table-query';

/**
 * A column's type: what its filter offers and how its cells align.
 * text: contains; number, money: a range; dateTime: a range of the user's days (instants sent);
 * date: a range of days as such (a custom date field); stage, user, pipeline, select: one of
 * the options ("in"); tags: any of the tags chosen ("in"); boolean: checked or not.
 */
export type ColumnType =
  | 'text'
  | 'number'
  | 'money'
  | 'dateTime'
  | 'date'
  | 'stage'
  | 'user'
  | 'pipeline'
  | 'select'
  | 'tags'
  | 'boolean';

export interface ColumnOption {
  readonly value: string;
  readonly label: string;
  /** A heading the option is listed under (a stage's pipeline). */
  readonly group?: string;
}

export interface TableColumn<T> {
  /** The column's id in the chosen columns (`cols`). */
  readonly id: string;
  /** Its header, in the user's language. */
  readonly label: string;
  readonly type: ColumnType;
  /** The text of a cell (a cell template, when given, is shown instead). */
  readonly cell: (row: T) => string;
  /** The sort key the server takes (`sort=<key>`); none: the column does not sort. */
  readonly sort?: string;
  /** The filtered column (`f.<filter>`); none: the column has no filter. */
  readonly filter?: string;
  /** The column can be empty: its filter offers «Пусто» and «Не пусто». */
  readonly nullable?: boolean;
  /** The choices of an "in" filter (stage, user, pipeline, select). */
  readonly options?: readonly ColumnOption[];
  /** Left out on a phone-width screen (the chooser still offers it). */
  readonly wideOnly?: boolean;
  /** Only «Пусто» / «Не пусто» filter it (a value filter would not fit the grammar). */
  readonly emptyOnly?: boolean;
}

/** Whether the column's values sit on the right (numbers, money). */
export const alignsEnd = (type: ColumnType) => type === 'number' || type === 'money';

/** The filter kinds a column's type takes, besides «Пусто» / «Не пусто» when it is nullable. */
export function filterKindOf(type: ColumnType): ColumnFilter['kind'] {
  switch (type) {
    case 'text':
      return 'contains';
    case 'number':
    case 'money':
    case 'dateTime':
    case 'date':
      return 'range';
    case 'boolean':
      return 'bool';
    default:
      return 'in';
  }
}

/** The visible columns in order: the chosen ones that exist, else the defaults. */
export function visibleColumns<T>(
  all: readonly TableColumn<T>[],
  chosen: readonly string[] | null,
  defaults: readonly string[],
): TableColumn<T>[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const pick = (ids: readonly string[]) =>
    ids.map((id) => byId.get(id)).filter((c): c is TableColumn<T> => !!c);
  const chosenColumns = chosen ? pick(chosen) : [];
  return chosenColumns.length ? chosenColumns : pick(defaults);
}
