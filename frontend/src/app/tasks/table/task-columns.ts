import { formatDateTime } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { TableColumn } from '../../shared/ui/data-table/table-column';
import { LINK_KIND_LABELS, Task, TaskType } from '../data-access/models';

/** What the columns are built from: the task types, people. */
export interface TaskColumnsSource {
  readonly types: readonly TaskType[];
  readonly people: readonly { readonly id: string; readonly displayName: string }[];
  readonly i18n: I18n;
}

/** The columns a new user sees (a chosen set, kept per user, replaces them). */
export const DEFAULT_TASK_COLUMNS: readonly string[] = [
  'due',
  'type',
  'text',
  'linkName',
  'responsible',
  'completed',
  'result',
];

/**
 * Every column of the tasks table, with the sort keys and filter columns of docs/tasks-api.md
 * ("The tasks table").
 */
export function taskColumns(source: TaskColumnsSource): TableColumn<Task>[] {
  const { i18n } = source;
  const people = new Map(source.people.map((p) => [p.id, p.displayName]));
  const userOptions = source.people.map((p) => ({ value: p.id, label: p.displayName }));
  const when = (value: string | null | undefined) =>
    value ? formatDateTime(value, i18n.locale(), i18n.timeZone()) : '';
  return [
    {
      id: 'due',
      label: i18n.t('tasksTable.col.due'),
      type: 'dateTime',
      sort: 'due',
      filter: 'due',
      cell: (t) =>
        t.allDay && t.dueDate
          ? formatDateTime(`${t.dueDate}T12:00:00Z`, i18n.locale(), 'UTC', 'date')
          : when(t.dueAt),
    },
    {
      id: 'type',
      label: i18n.t('tasks.type'),
      type: 'select',
      sort: 'type',
      filter: 'type',
      options: source.types.map((t) => ({ value: t.id, label: t.name })),
      cell: (t) => t.typeName,
    },
    {
      id: 'text',
      label: i18n.t('tasks.text'),
      type: 'text',
      sort: 'text',
      filter: 'text',
      cell: (t) => t.text,
    },
    {
      id: 'link',
      label: i18n.t('tasksTable.col.link'),
      type: 'select',
      filter: 'link',
      nullable: true,
      options: (['deal', 'company', 'contact'] as const).map((kind) => ({
        value: kind,
        label: i18n.t(LINK_KIND_LABELS[kind]),
      })),
      cell: (t) => (t.link ? i18n.t(LINK_KIND_LABELS[t.link.kind]) : ''),
    },
    {
      id: 'linkName',
      label: i18n.t('tasks.linkedTo'),
      type: 'text',
      filter: 'linkName',
      nullable: true,
      cell: (t) => t.link?.name ?? '',
    },
    {
      id: 'responsible',
      label: i18n.t('tasks.responsible'),
      type: 'user',
      filter: 'responsible',
      options: userOptions,
      cell: (t) => people.get(t.responsibleId) ?? '',
    },
    {
      id: 'completed',
      label: i18n.t('tasksTable.col.completed'),
      type: 'dateTime',
      sort: 'completed',
      filter: 'completed',
      nullable: true,
      cell: (t) => when(t.completedAt),
    },
    {
      id: 'result',
      label: i18n.t('tasks.result'),
      type: 'text',
      filter: 'result',
      nullable: true,
      cell: (t) => t.result ?? '',
    },
    {
      id: 'author',
      label: i18n.t('tasksTable.col.author'),
      type: 'user',
      filter: 'author',
      options: userOptions,
      wideOnly: true,
      cell: (t) => people.get(t.authorId) ?? '',
    },
    {
      id: 'created',
      label: i18n.t('tasksTable.col.created'),
      type: 'dateTime',
      sort: 'created',
      filter: 'created',
      wideOnly: true,
      cell: (t) => when(t.createdAt),
    },
    {
      id: 'updated',
      label: i18n.t('tasksTable.col.updated'),
      type: 'dateTime',
      sort: 'updated',
      filter: 'updated',
      wideOnly: true,
      cell: (t) => when(t.updatedAt),
    },
  ];
}
