import { formatDateTime } from '../../i18n/date-time';
import { I18n } from '../../i18n/i18n';
import { TableColumn } from './table-column';
import { ColumnFilter } from './table-query';

/** A filter in words, for its chip above the table: «содержит «ёлк»», «1 000 – 5 000», «Новая, Переговоры». */
export function describeFilter(
  column: TableColumn<never>,
  filter: ColumnFilter,
  i18n: I18n,
): string {
  switch (filter.kind) {
    case 'contains':
      return i18n.t('table.containsText', { text: filter.text });
    case 'empty':
      return i18n.t(filter.empty ? 'table.isEmpty' : 'table.isNotEmpty');
    case 'bool':
      return i18n.t(filter.value ? 'table.yes' : 'table.no');
    case 'in': {
      const labels = filter.values.map(
        (v) => column.options?.find((o) => o.value === v)?.label ?? v,
      );
      return labels.length > 3
        ? i18n.t('table.manyValues', { first: labels.slice(0, 2).join(', '), n: labels.length - 2 })
        : labels.join(', ');
    }
    case 'range': {
      const end = (value: string | null) => {
        if (!value) {
          return '';
        }
        if (column.type === 'dateTime') {
          return formatDateTime(value, i18n.locale(), i18n.timeZone(), 'date');
        }
        if (column.type === 'number' || column.type === 'money') {
          const n = Number(value);
          return Number.isFinite(n) ? new Intl.NumberFormat(i18n.locale()).format(n) : value;
        }
        return value;
      };
      if (filter.from && filter.to) {
        return `${end(filter.from)} – ${end(filter.to)}`;
      }
      return filter.from
        ? i18n.t('table.fromValue', { value: end(filter.from) })
        : i18n.t('table.toValue', { value: end(filter.to) });
    }
  }
}
