import { formatDateTime } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { ColumnOption, TableColumn } from '../../shared/ui/data-table/table-column';
import { ColumnFilter, TableView, parseFilter } from '../../shared/ui/data-table/table-query';
import { Tag } from '../../shared/ui/tags/tags-api';
import { CompanyRow, ContactRow, ListQuery } from '../data-access/models';

export const DEFAULT_COMPANY_COLUMNS: readonly string[] = [
  'name',
  'phone',
  'email',
  'region',
  'taxId',
  'contactCount',
  'openDealCount',
  'openTaskCount',
  'tags',
  'responsible',
  'updatedAt',
];

export const DEFAULT_CONTACT_COLUMNS: readonly string[] = [
  'fullName',
  'position',
  'company',
  'phone',
  'email',
  'openTaskCount',
  'tags',
  'responsible',
  'updatedAt',
];

type NameOf = (id: string | null | undefined) => string;

const updated = <T extends { updatedAt: string }>(i18n: I18n): TableColumn<T> => ({
  id: 'updatedAt',
  label: i18n.t('record.updatedAt'),
  type: 'dateTime',
  sort: 'updatedAt',
  filter: 'updated',
  wideOnly: true,
  cell: (r) => formatDateTime(r.updatedAt, i18n.locale(), i18n.timeZone(), 'date'),
});

/** A text column; `filter` is its server column (`f.<filter>=~…`), `nullable` offers «Пусто». */
const text = <T>(
  id: string,
  label: string,
  cell: (row: T) => string | null,
  {
    wideOnly = false,
    filter = id,
    nullable = true,
  }: { wideOnly?: boolean; filter?: string; nullable?: boolean } = {},
): TableColumn<T> => ({
  id,
  label,
  type: 'text',
  wideOnly,
  filter,
  nullable,
  cell: (r) => cell(r) ?? '',
});

/** A count column; `filter` (if any) takes a range. */
const count = <T>(
  id: string,
  label: string,
  cell: (row: T) => number,
  { wideOnly = false, filter }: { wideOnly?: boolean; filter?: string } = {},
): TableColumn<T> => ({
  id,
  label,
  type: 'number',
  wideOnly,
  filter,
  cell: (r) => String(cell(r)),
});

const responsible = <T extends { responsibleId: string }>(
  i18n: I18n,
  nameOf: NameOf,
  people: readonly ColumnOption[],
): TableColumn<T> => ({
  id: 'responsible',
  label: i18n.t('record.responsible'),
  type: 'user',
  filter: 'responsible',
  options: people,
  wideOnly: true,
  cell: (r) => nameOf(r.responsibleId),
});

/** «Теги»: coloured chips (a cell template), filtered by any of the list's tags, «Пусто», «Не пусто». */
const tagsColumn = <T extends { tags: readonly Tag[] }>(
  i18n: I18n,
  tags: readonly Tag[],
): TableColumn<T> => ({
  id: 'tags',
  label: i18n.t('tags.label'),
  type: 'tags',
  filter: 'tags',
  nullable: true,
  options: tags.map((t) => ({ value: t.id, label: t.name })),
  cell: (r) => (r.tags ?? []).map((t) => t.name).join(', '),
});

/**
 * «Списки» → «Компании»: the columns the server's list answers with (its sorts: name, updated),
 * each filtered by its server column (docs/directory-api.md, "The tables").
 */
export function companyColumns(
  i18n: I18n,
  nameOf: NameOf,
  people: readonly ColumnOption[],
  tags: readonly Tag[] = [],
): TableColumn<CompanyRow>[] {
  return [
    {
      ...text<CompanyRow>('name', i18n.t('company.name'), (r) => r.name, { nullable: false }),
      sort: 'name',
    },
    text('phone', i18n.t('record.phone'), (r) => r.phone),
    text('email', i18n.t('record.email'), (r) => r.email, { wideOnly: true }),
    text('region', i18n.t('company.region'), (r) => r.region, { wideOnly: true }),
    text('taxId', i18n.t('company.taxId'), (r) => r.taxId, { wideOnly: true }),
    count('contactCount', i18n.t('lists.contacts'), (r) => r.contactCount, { wideOnly: true }),
    count('openDealCount', i18n.t('lists.openDeals'), (r) => r.openDealCount, {
      filter: 'openDeals',
    }),
    count('openTaskCount', i18n.t('lists.openTasks'), (r) => r.openTaskCount, {
      filter: 'openTasks',
    }),
    tagsColumn<CompanyRow>(i18n, tags),
    responsible<CompanyRow>(i18n, nameOf, people),
    updated<CompanyRow>(i18n),
  ];
}

/** «Списки» → «Контакты». */
export function contactColumns(
  i18n: I18n,
  nameOf: NameOf,
  people: readonly ColumnOption[],
  tags: readonly Tag[] = [],
): TableColumn<ContactRow>[] {
  return [
    {
      ...text<ContactRow>('fullName', i18n.t('contact.fullName'), (r) => r.fullName, {
        filter: 'name',
        nullable: false,
      }),
      sort: 'fullName',
    },
    text('position', i18n.t('contact.position'), (r) => r.position, { wideOnly: true }),
    text('company', i18n.t('deal.company'), (r) => r.companyName),
    text('phone', i18n.t('record.phone'), (r) => r.phone),
    text('email', i18n.t('record.email'), (r) => r.email, { wideOnly: true }),
    count('openTaskCount', i18n.t('lists.openTasks'), (r) => r.openTaskCount, {
      filter: 'openTasks',
    }),
    tagsColumn<ContactRow>(i18n, tags),
    responsible<ContactRow>(i18n, nameOf, people),
    updated<ContactRow>(i18n),
  ];
}

/** The list's sort and column filters as the shared table's view. */
export function listView(query: ListQuery): TableView {
  const filters: Record<string, ColumnFilter> = {};
  for (const [column, expression] of Object.entries(query.columns)) {
    const filter = parseFilter(expression);
    if (filter) {
      filters[column] = filter;
    }
  }
  return { sort: query.sort, filters, columns: null };
}
