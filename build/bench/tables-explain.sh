#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of the tables benchmark's hot queries, on a database kept by `tables.sh --keep-db`.
#
#   bash build/bench/tables-explain.sh <database>      e.g. bash build/bench/tables-explain.sh crm_tables_20261206_204532
#
# The SQL is a copy of backend/Modules/Deals/Crm.Modules.Deals/Common/DealTableQuery.cs (KeyPageAsync, TotalsAsync, with
# the conditions Tables/ColumnFilters.cs builds), Deals' Features/SearchDeals.cs and Tasks' Features/SearchTasks.cs, with
# the parameters inlined (so these are custom plans; the host's prepared statements may get generic ones). If those
# files change, change this copy too. Each query runs twice in one session; the second (warm) plan is printed.
# Connects to CRM_BENCH_PG_PORT (default 55434) on 127.0.0.1 as postgres.
set -euo pipefail
[ $# -ge 1 ] || { sed -n 2,10p "$0"; exit 2; }
DB=$1
PORT=${CRM_BENCH_PG_PORT:-55434}
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -X -q -v ON_ERROR_STOP=1)
if ! command -v psql >/dev/null; then PSQL=("$(bash "$(dirname "$0")/../pg.sh" bindir)/psql" "${PSQL[@]:1}"); fi

read -r NUM TEXT < <("${PSQL[@]}" -At -F' ' -c "
  select (select id from deals.custom_fields where type = 'number' order by position limit 1),
         (select id from deals.custom_fields where type = 'text' order by position limit 1)")
echo "-- number field $NUM, text field $TEXT"

COLUMNS="d.id as Id, d.number as Number, d.name as Name, d.pipeline_id as PipelineId, d.stage_id as StageId,
        d.budget as Budget, d.currency as Currency, d.responsible_id as ResponsibleId,
        d.company_id as CompanyId, d.company_name as CompanyName, d.contact_id as ContactId, d.contact_name as ContactName,
        d.deadline as Deadline, d.custom::text as Custom, d.created_at as CreatedAt, d.updated_at as UpdatedAt,
        d.closed_at as ClosedAt, d.stage_entered_at as StageEnteredAt, d.version as Version,
        d.open_task_count as OpenTaskCount, d.next_task_due as NextTaskDue"
PAGE() { echo "select $COLUMNS, (d.updated_at)::text as SortValue from deals.deals d where d.deleted_at is null and $1 order by d.updated_at desc, d.id desc limit 51"; }
TOTALS() { echo "select d.currency as Currency, count(*) as Count, coalesce(sum(d.budget), 0) as Amount from deals.deals d where d.deleted_at is null and $1 group by d.currency"; }
BARE="d.next_task_due is null and d.closed_at is null"
CFNUM="(case when jsonb_typeof(d.custom -> '$NUM') = 'number' then (d.custom ->> '$NUM')::numeric end) >= 100 and (case when jsonb_typeof(d.custom -> '$NUM') = 'number' then (d.custom ->> '$NUM')::numeric end) <= 150"
CFTEXT="deals.custom_text(d.custom) like '%выстав%' and translate(lower(d.custom ->> '$TEXT'), 'ё', 'е') like '%выстав%'"
# A «contains» page looks through the sort's first 5,000 rows first (DealTableQuery.RowsAsync), then the candidates.
PROBE() { echo "select $COLUMNS, (d.updated_at)::text as SortValue from (select d.* from deals.deals d where d.deleted_at is null order by d.updated_at desc, d.id desc limit 5000) d where $1 order by d.updated_at desc, d.id desc limit 51"; }

explain() {
  echo
  echo "-- $1"
  "${PSQL[@]}" -c "explain (analyze, buffers) $2" -c "explain (analyze, buffers) $2" | awk '/QUERY PLAN/ { n++ } n == 2'
}

explain "table-all: page (sort=-updated, limit=50)" "$(PAGE true)"
explain "table-all: totals (stage_totals)" "select t.currency, sum(t.deal_count)::bigint, sum(t.budget_sum) from deals.stage_totals t left join deals.stages s on s.id = t.stage_id group by t.currency"
explain "bare: page" "$(PAGE "$BARE")"
explain "bare: totals (an aggregate of the matching deals)" "$(TOTALS "$BARE")"
explain "bare: the same totals from stage_totals' bare columns (the proposed change)" "select t.currency, sum(t.bare_count)::bigint, sum(t.bare_budget_sum) from deals.stage_totals t left join deals.stages s on s.id = t.stage_id group by t.currency"
explain "cf-number: page" "$(PAGE "$CFNUM")"
explain "cf-number: totals" "$(TOTALS "$CFNUM")"
explain "cf-text: page, the first 5,000 rows looked through" "$(PROBE "$CFTEXT")"
explain "cf-text: page from the candidates (when those rows hold less than a page)" "$(PAGE "$CFTEXT")"
explain "cf-text: totals" "$(TOTALS "$CFTEXT")"

SEARCH_DEALS() {
  echo "with matches as (
    select d.id, d.number, d.name, d.pipeline_id, d.stage_id, d.company_name, d.responsible_id, d.closed_at, d.created_at, d.search from deals.deals d
    where d.search like '%$1%' and d.deleted_at is null and d.closed_at is null limit 500)
  select d.id, d.name, p.name, s.name from matches d left join deals.pipelines p on p.id = d.pipeline_id left join deals.stages s on s.id = d.stage_id
  order by strpos(d.search, '$1'), length(d.search), d.created_at desc, d.id desc limit 5"
}
SEARCH_TASKS() {
  # the open pass of SearchTasks.MatchesAsync (the done pass is the same with completed_at is not null, latest due first)
  echo "with page as (
    select t.id, t.due_at from tasks.tasks t
    where t.completed_at is null and (t.search || E'\\n' || t.link_search) like '%$1%'
    order by t.due_at, t.id limit 5)
  select t.id, t.text, coalesce(d.name, co.name, ct.name) from page m join tasks.tasks t on t.id = m.id
  left join tasks.deals d on t.link_kind = 'deal' and d.id = t.link_id
  left join tasks.companies co on t.link_kind = 'company' and co.id = t.link_id
  left join tasks.contacts ct on t.link_kind = 'contact' and ct.id = t.link_id
  order by m.due_at, m.id"
}
for q in иван шпаковск 916-12-3; do
  explain "deals search q=$q (open deals)" "$(SEARCH_DEALS "$q")"
  explain "tasks search q=$q" "$(SEARCH_TASKS "$q")"
done
