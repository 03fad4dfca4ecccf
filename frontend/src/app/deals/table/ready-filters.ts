import { dayKey, startOfWeek } from '../../shared/time/zoned-time';
import { dayStart } from '../../shared/ui/data-table/filter-panel';
import { ReadyFilter } from '../../shared/ui/data-table/search-panel';
import { ColumnFilter } from '../../shared/ui/data-table/table-query';

const DAY_MS = 24 * 60 * 60 * 1000;
const open: ColumnFilter = { kind: 'empty', empty: true };
const since = (from: string): ColumnFilter => ({ kind: 'range', from, to: null });
const until = (to: string): ColumnFilter => ({ kind: 'range', from: null, to });

/**
 * «Поиск и фильтр» of the deals table: each ready filter is a set of column filters, worked out
 * when picked (now, the user's week and month in their time zone, who they are).
 */
export const DEAL_READY_FILTERS: readonly ReadyFilter[] = [
  { id: 'all', label: 'searchPanel.all', filters: () => ({}) },
  {
    id: 'mine',
    label: 'searchPanel.mine',
    filters: ({ me }): Record<string, ColumnFilter> =>
      me ? { responsible: { kind: 'in', values: [me] } } : {},
  },
  {
    id: 'without-tasks',
    label: 'searchPanel.withoutTasks',
    filters: () => ({ nextTask: { kind: 'empty', empty: true }, closed: open }),
  },
  {
    id: 'overdue',
    label: 'searchPanel.overdue',
    filters: ({ now }) => ({ nextTask: until(now.toISOString()), closed: open }),
  },
  {
    id: 'opened-this-week',
    label: 'searchPanel.openedThisWeek',
    filters: ({ now, timeZone }) => ({
      created: since(dayStart(startOfWeek(dayKey(now, timeZone)), timeZone)),
    }),
  },
  {
    id: 'won-this-month',
    label: 'searchPanel.wonThisMonth',
    filters: ({ now, timeZone }) => ({
      status: { kind: 'in', values: ['won'] },
      closed: since(dayStart(`${dayKey(now, timeZone).slice(0, 8)}01`, timeZone)),
    }),
  },
  {
    id: 'lost-this-month',
    label: 'searchPanel.lostThisMonth',
    filters: ({ now, timeZone }) => ({
      status: { kind: 'in', values: ['lost'] },
      closed: since(dayStart(`${dayKey(now, timeZone).slice(0, 8)}01`, timeZone)),
    }),
  },
  {
    id: 'idle-14',
    label: 'searchPanel.idle14',
    filters: ({ now }) => ({
      updated: until(new Date(now.getTime() - 14 * DAY_MS).toISOString()),
      closed: open,
    }),
  },
  {
    id: 'closed',
    label: 'searchPanel.closed',
    filters: () => ({ closed: { kind: 'empty', empty: false } }),
  },
];
