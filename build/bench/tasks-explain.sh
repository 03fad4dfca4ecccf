#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of the organizer's and the board task filters' hot queries, on a database kept by
# `tasks.sh --keep-db`.
#
#   bash build/bench/tasks-explain.sh <database>      e.g. bash build/bench/tasks-explain.sh crm_tasks_20261127_031149
#
# The SQL is a copy of backend/Modules/Tasks/Crm.Modules.Tasks/Features/ListTasks.cs (with TaskReader.SelectFrom from
# Common/TaskResponse.cs) and of backend/Modules/Deals/Crm.Modules.Deals/Common/BoardQuery.cs, parameters inlined:
# "mine" is the manager with the most open tasks, days are theirs (tasks.users.time_zone), the board is «Новые
# дилеры». If those files change, change this copy too. Each query runs twice in one session; the second (warm) plan is printed.
# Connects to CRM_BENCH_PG_PORT (default 55434) on 127.0.0.1 as postgres.
set -euo pipefail
[ $# -ge 1 ] || { sed -n 2,10p "$0"; exit 2; }
DB=$1
PORT=${CRM_BENCH_PG_PORT:-55434}
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -X -q -v ON_ERROR_STOP=1)
if ! command -v psql >/dev/null; then PSQL=("$(bash "$(dirname "$0")/../pg.sh" bindir)/psql" "${PSQL[@]:1}"); fi

read -r MINE ZONE PIPELINE STAGES < <("${PSQL[@]}" -At -F' ' -c "
  select r.responsible_id, u.time_zone, p.id, (select array_agg(s.id order by s.position, s.name)::text from deals.stages s where s.pipeline_id = p.id)
  from (select responsible_id from tasks.tasks where completed_at is null group by 1 order by count(*) desc limit 1) r
  join tasks.users u on u.id = r.responsible_id, deals.pipelines p where p.name = 'Новые дилеры'")
echo "-- mine = $MINE ($ZONE), pipeline $PIPELINE"

# TaskReader.SelectFrom(page) + " order by t.due_at, t.id": the page of tasks first, then the names of its rows
LIST() {
  echo "select t.id as Id, t.type_id as TypeId, ty.name_ru as TypeNameRu, ty.name_en as TypeNameEn, t.text as Text,
       t.due_at as DueAt, t.all_day as AllDay, t.due_date as DueDate, t.duration_minutes as DurationMinutes,
       t.responsible_id as ResponsibleId, t.link_kind as LinkKind, t.link_id as LinkId,
       coalesce(d.name, co.name, ct.name) as LinkName,
       t.result as Result, t.completed_at as CompletedAt, t.completed_by as CompletedBy,
       t.author_id as AuthorId, t.created_at as CreatedAt, t.version as Version
from (select t.* from tasks.tasks t where $1 order by t.due_at, t.id limit 501) t
join tasks.task_types ty on ty.id = t.type_id
left join tasks.deals d on t.link_kind = 'deal' and d.id = t.link_id
left join tasks.companies co on t.link_kind = 'company' and co.id = t.link_id
left join tasks.contacts ct on t.link_kind = 'contact' and ct.id = t.link_id
order by t.due_at, t.id"
}
DAY="(now() at time zone '$ZONE')::date"
AT() { echo "(($DAY + $1)::timestamp at time zone '$ZONE')"; }
CARD="d.id as Id, d.number as Number, d.name as Name, d.budget as Budget, d.currency as Currency,
        d.company_id as CompanyId, d.company_name as CompanyName, d.contact_id as ContactId, d.contact_name as ContactName,
        d.responsible_id as ResponsibleId, d.stage_entered_at as StageEnteredAt, d.deadline as Deadline, d.version as Version,
        d.open_task_count as OpenTaskCount, d.next_task_due as NextTaskDue"

explain() {
  echo
  echo "-- $1"
  # twice in one session (as a pooled connection of the host: catalog caches warm); the second plan is printed
  "${PSQL[@]}" -c "explain (analyze, buffers) $2" -c "explain (analyze, buffers) $2" | awk '/QUERY PLAN/ { n++ } n == 2'
}

explain "today, everyone (view=today&limit=500)" "$(LIST "t.due_at >= now() and t.due_at < $(AT 1) and t.completed_at is null")"
explain "today, mine (view=today&responsibleId=&limit=500)" "$(LIST "t.due_at >= now() and t.due_at < $(AT 1) and t.completed_at is null and t.responsible_id = '$MINE'")"
explain "overdue, everyone (view=overdue&limit=500)" "$(LIST "t.due_at >= '1900-01-01Z' and t.due_at < now() and t.completed_at is null")"
explain "overdue, mine" "$(LIST "t.due_at >= '1900-01-01Z' and t.due_at < now() and t.completed_at is null and t.responsible_id = '$MINE'")"
MONTH="t.due_at >= ((date_trunc('month', $DAY))::timestamp at time zone '$ZONE')
  and t.due_at < ((date_trunc('month', $DAY) + interval '1 month')::timestamp at time zone '$ZONE')
  and t.responsible_id = '$MINE'"
explain "this calendar month, mine (view=range, open and done), first page" "$(LIST "$MONTH")"
IFS='|' read -r AFTER_DUE AFTER_ID < <("${PSQL[@]}" -At -F'|' -c "select due_at, id from tasks.tasks t where $MONTH order by due_at, id offset 1499 limit 1")
explain "this calendar month, mine, page 4 (after= the 1,500th task)" "$(LIST "$MONTH and (t.due_at, t.id) > ('$AFTER_DUE', '$AFTER_ID')")"

explain "board tasks=none: totals (stage_totals' bare columns)" "select t.stage_id as StageId, sum(t.bare_count)::bigint as Count, sum(t.bare_budget_sum) as BudgetSum
from deals.stage_totals t where t.stage_id = any('$STAGES'::uuid[]) group by t.stage_id"
explain "board tasks=none: first pages (51 per column, ix_deals_stage_without_tasks)" "select s.id as StageId, c.*
from unnest('$STAGES'::uuid[]) with ordinality as s(id, position)
cross join lateral (
    select $CARD from deals.deals d
    where d.stage_id = s.id and d.deleted_at is null and d.closed_at is null and d.open_task_count = 0
    order by d.stage_entered_at desc, d.id desc limit 51
) c order by s.position"
explain "board tasks=overdue: totals (aggregated)" "select d.stage_id as StageId, count(*) as Count, coalesce(sum(d.budget), 0) as BudgetSum
from deals.deals d where d.pipeline_id = '$PIPELINE' and d.deleted_at is null and d.next_task_due < now()
group by d.stage_id"
explain "board tasks=overdue: first pages when walked (many matches per column)" "select s.id as StageId, c.*
from unnest('$STAGES'::uuid[]) with ordinality as s(id, position)
cross join lateral (
    select $CARD from deals.deals d
    where d.stage_id = s.id and d.deleted_at is null and d.next_task_due < now()
    order by d.stage_entered_at desc, d.id desc limit 51
) c order by s.position"
