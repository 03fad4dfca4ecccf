import { formatDateTime } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { TableColumn } from '../../shared/ui/data-table/table-column';
import { TableView } from '../../shared/ui/data-table/table-query';
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
  'responsible',
  'updatedAt',
];

type NameOf = (id: string | null | undefined) => string;

const updated = <T extends { updatedAt: string }>(i18n: I18n): TableColumn<T> => ({
  id: 'updatedAt',
  label: i18n.t('record.updatedAt'),
  type: 'dateTime',
  sort: 'updatedAt',
  wideOnly: true,
  cell: (r) => formatDateTime(r.updatedAt, i18n.locale(), i18n.timeZone(), 'date'),
});

const text = <T>(
  id: string,
  label: string,
  cell: (row: T) => string | null,
  wideOnly = false,
): TableColumn<T> => ({ id, label, type: 'text', wideOnly, cell: (r) => cell(r) ?? '' });

const count = <T>(
  id: string,
  label: string,
  cell: (row: T) => number,
  wideOnly = false,
): TableColumn<T> => ({ id, label, type: 'number', wideOnly, cell: (r) => String(cell(r)) });

/** «Списки» → «Компании»: the columns the server's list answers with (its sorts: name, updated). */
export function companyColumns(i18n: I18n, nameOf: NameOf): TableColumn<CompanyRow>[] {
  return [
    { ...text<CompanyRow>('name', i18n.t('company.name'), (r) => r.name), sort: 'name' },
    text('phone', i18n.t('record.phone'), (r) => r.phone),
    text('email', i18n.t('record.email'), (r) => r.email, true),
    text('region', i18n.t('company.region'), (r) => r.region, true),
    text('taxId', i18n.t('company.taxId'), (r) => r.taxId, true),
    count('contactCount', i18n.t('lists.contacts'), (r) => r.contactCount, true),
    count('openDealCount', i18n.t('lists.openDeals'), (r) => r.openDealCount),
    count('openTaskCount', i18n.t('lists.openTasks'), (r) => r.openTaskCount),
    text('responsible', i18n.t('record.responsible'), (r) => nameOf(r.responsibleId), true),
    updated<CompanyRow>(i18n),
  ];
}

/** «Списки» → «Контакты». */
export function contactColumns(i18n: I18n, nameOf: NameOf): TableColumn<ContactRow>[] {
  return [
    {
      ...text<ContactRow>('fullName', i18n.t('contact.fullName'), (r) => r.fullName),
      sort: 'fullName',
    },
    text('position', i18n.t('contact.position'), (r) => r.position, true),
    text('company', i18n.t('deal.company'), (r) => r.companyName),
    text('phone', i18n.t('record.phone'), (r) => r.phone),
    text('email', i18n.t('record.email'), (r) => r.email, true),
    count('openTaskCount', i18n.t('lists.openTasks'), (r) => r.openTaskCount),
    text('responsible', i18n.t('record.responsible'), (r) => nameOf(r.responsibleId), true),
    updated<ContactRow>(i18n),
  ];
}

/** The list's sort as the shared table's view (the lists have no column filters yet). */
export const listView = (query: ListQuery): TableView => ({
  sort: query.sort,
  filters: {},
  columns: null,
});
