import { Pipeline, Stage } from '../../pipelines';
import { formatMoney } from '../../shared/format/money';
import { CustomField, CustomFieldValue } from '../../shared/forms/custom-field';
import { formatDateTime } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { ColumnOption, ColumnType, TableColumn } from '../../shared/ui/data-table/table-column';
import { Tag } from '../../shared/ui/tags/tags-api';
import { DealRow } from '../data-access/models';

/** What the columns are built from: the pipelines in view, people, the deals' custom fields. */
export interface DealColumnsSource {
  readonly pipelines: readonly Pipeline[];
  /** One pipeline's table, or null for all of them. */
  readonly pipelineId: string | null;
  readonly people: readonly { readonly id: string; readonly displayName: string }[];
  readonly fields: readonly CustomField[];
  /** The deals' tag catalog: the «Теги» filter's choices. */
  readonly tags?: readonly Tag[];
  readonly i18n: I18n;
}

/** The columns a new user sees (a chosen set, kept per user, replaces them). */
export const DEFAULT_DEAL_COLUMNS: readonly string[] = [
  'name',
  'stage',
  'pipeline',
  'budget',
  'responsible',
  'company',
  'contact',
  'nextTask',
  'updated',
];

export type DealStatus = 'open' | 'won' | 'lost';

export function statusOf(stage: Stage | undefined): DealStatus {
  return stage?.kind === 'won' || stage?.kind === 'lost' ? stage.kind : 'open';
}

function customCell(field: CustomField, value: CustomFieldValue | undefined, i18n: I18n): string {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  switch (field.type) {
    case 'checkbox':
      return i18n.t(value ? 'table.yes' : 'table.no');
    case 'number':
      return typeof value === 'number' ? new Intl.NumberFormat(i18n.locale()).format(value) : '';
    case 'date':
      return typeof value === 'string'
        ? formatDateTime(`${value.slice(0, 10)}T12:00:00Z`, i18n.locale(), 'UTC', 'date')
        : '';
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

function customType(field: CustomField): ColumnType {
  switch (field.type) {
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'checkbox':
      return 'boolean';
    case 'select':
    case 'multiselect':
      return 'select';
    default:
      return 'text';
  }
}

/**
 * Every column of the deals table: the deal's own (name, stage, budget, …, with the sort keys and
 * filter columns of docs/pipelines-deals-api.md, "The deals table") and a column per custom field.
 */
export function dealColumns(source: DealColumnsSource): TableColumn<DealRow>[] {
  const { i18n } = source;
  const inView = source.pipelineId
    ? source.pipelines.filter((p) => p.id === source.pipelineId)
    : source.pipelines;
  const stages = new Map<string, { stage: Stage; pipeline: Pipeline }>();
  for (const pipeline of source.pipelines) {
    for (const stage of pipeline.stages) {
      stages.set(stage.id, { stage, pipeline });
    }
  }
  const pipelines = new Map(source.pipelines.map((p) => [p.id, p]));
  const people = new Map(source.people.map((p) => [p.id, p.displayName]));
  const when = (value: string | null) =>
    value ? formatDateTime(value, i18n.locale(), i18n.timeZone()) : '';
  const several = !source.pipelineId;
  const stageOptions: ColumnOption[] = inView.flatMap((p) =>
    p.stages.map((s) => ({ value: s.id, label: s.name, group: several ? p.name : undefined })),
  );
  const statuses: ColumnOption[] = [
    { value: 'open', label: i18n.t('dealsTable.status.open') },
    { value: 'won', label: i18n.t('deal.won') },
    { value: 'lost', label: i18n.t('deal.lost') },
  ];

  const columns: TableColumn<DealRow>[] = [
    {
      id: 'name',
      label: i18n.t('deal.name'),
      type: 'text',
      sort: 'name',
      filter: 'name',
      cell: (d) => d.name,
    },
    {
      id: 'number',
      label: i18n.t('dealsTable.col.number'),
      type: 'number',
      filter: 'number',
      cell: (d) => String(d.number),
    },
    {
      id: 'stage',
      label: i18n.t('deal.stage'),
      type: 'stage',
      sort: 'stage',
      filter: 'stage',
      options: stageOptions,
      cell: (d) => stages.get(d.stageId)?.stage.name ?? '',
    },
    {
      id: 'pipeline',
      label: i18n.t('dealsTable.col.pipeline'),
      type: 'pipeline',
      filter: 'pipeline',
      options: source.pipelines.map((p) => ({ value: p.id, label: p.name })),
      cell: (d) => pipelines.get(d.pipelineId)?.name ?? '',
    },
    {
      id: 'status',
      label: i18n.t('dealsTable.col.status'),
      type: 'select',
      filter: 'status',
      options: statuses,
      cell: (d) => {
        const status = statusOf(stages.get(d.stageId)?.stage);
        return statuses.find((s) => s.value === status)?.label ?? '';
      },
    },
    {
      id: 'budget',
      label: i18n.t('deal.budget'),
      type: 'money',
      sort: 'budget',
      filter: 'budget',
      nullable: true,
      cell: (d) => formatMoney(d.budget, i18n.locale(), d.currency),
    },
    {
      id: 'responsible',
      label: i18n.t('deal.responsible'),
      type: 'user',
      sort: 'responsible',
      filter: 'responsible',
      options: source.people.map((p) => ({ value: p.id, label: p.displayName })),
      cell: (d) => people.get(d.responsibleId) ?? '',
    },
    {
      id: 'company',
      label: i18n.t('deal.company'),
      type: 'text',
      filter: 'company',
      nullable: true,
      cell: (d) => d.companyName ?? '',
    },
    {
      id: 'contact',
      label: i18n.t('deal.contact'),
      type: 'text',
      filter: 'contact',
      nullable: true,
      cell: (d) => d.contactName ?? '',
    },
    {
      id: 'nextTask',
      label: i18n.t('dealsTable.col.nextTask'),
      type: 'dateTime',
      sort: 'nextTask',
      filter: 'nextTask',
      nullable: true,
      cell: (d) => (d.nextTaskDue ? when(d.nextTaskDue) : i18n.t('dealsTable.noTask')),
    },
    {
      id: 'created',
      label: i18n.t('dealsTable.col.created'),
      type: 'dateTime',
      sort: 'created',
      filter: 'created',
      cell: (d) => when(d.createdAt),
    },
    {
      id: 'updated',
      label: i18n.t('dealsTable.col.updated'),
      type: 'dateTime',
      sort: 'updated',
      filter: 'updated',
      cell: (d) => when(d.updatedAt),
    },
    {
      id: 'closed',
      label: i18n.t('dealsTable.col.closed'),
      type: 'dateTime',
      filter: 'closed',
      nullable: true,
      cell: (d) => when(d.closedAt),
    },
    {
      id: 'tags',
      label: i18n.t('tags.label'),
      type: 'tags',
      filter: 'tags',
      nullable: true,
      options: (source.tags ?? []).map((t) => ({ value: t.id, label: t.name })),
      cell: (d) => (d.tags ?? []).map((t) => t.name).join(', '),
    },
    {
      id: 'deadline',
      label: i18n.t('dealsTable.col.deadline'),
      type: 'dateTime',
      filter: 'deadline',
      nullable: true,
      cell: (d) => when(d.deadline),
    },
  ];
  for (const field of source.fields) {
    const key = `cf.${field.id}`;
    const type = customType(field);
    columns.push({
      id: key,
      label: field.name,
      type,
      sort: field.type === 'multiselect' ? undefined : key,
      filter: key,
      nullable: true,
      options: type === 'select' ? field.options.map((o) => ({ value: o, label: o })) : undefined,
      cell: (d) => customCell(field, d.customFields[field.id], i18n),
    });
  }
  return columns;
}
