using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// What Deals knows of Tasks (from its events): <c>task_facts</c> holds one row per task heard of,
/// with the deal it is on, its due time, whether it is closed (completed or deleted: never reopened)
/// and the task's version, so an older event arriving late changes nothing. Each deal keeps its
/// <c>open_task_count</c> and <c>next_task_due</c> (overdue is <c>next_task_due &lt; now</c>, read at
/// query time). The board's "no tasks" filter reads its counts and sums from
/// <c>stage_totals.bare_*</c> (open deals without an open task, kept by the same trigger) and walks
/// its cards through a partial keyset index holding only those deals.
/// </summary>
[Migration(8, "Task facts per deal for the board")]
internal sealed class M0008_TaskFacts : Migration
{
    public override void Up() => Execute.Sql("""
        create table deals.task_facts (
            task_id uuid primary key,
            deal_id uuid,
            due_at timestamptz not null,
            closed boolean not null,
            version int not null
        );
        -- a deal's open tasks: count and nearest due
        create index ix_task_facts_deal on deals.task_facts (deal_id, due_at) where deal_id is not null and not closed;

        alter table deals.deals add column open_task_count int not null default 0, add column next_task_due timestamptz;
        -- "без задач": a column's open deals without an open task, in the board's keyset order
        create index ix_deals_stage_without_tasks on deals.deals (stage_id, stage_entered_at desc, id desc)
            where deleted_at is null and closed_at is null and open_task_count = 0;
        -- "с просроченными задачами": deals whose nearest open task is due before now, per pipeline
        create index ix_deals_next_task_due on deals.deals (pipeline_id, next_task_due) include (stage_id, budget)
            where deleted_at is null and next_task_due is not null;

        alter table deals.stage_totals
            add column bare_count bigint not null default 0,
            add column bare_budget_sum numeric(20, 2) not null default 0;

        -- As M0005 (locks in key order), plus the "bare" totals: open deals without an open task. A
        -- change that moves nothing between totals (a deal's second task) writes no totals row.
        create or replace function deals.keep_stage_totals() returns trigger language plpgsql as $fn$
        declare
            leaves boolean := tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null;
            enters boolean := tg_op in ('INSERT', 'UPDATE') and new.deleted_at is null;
            old_bare int := case when leaves and old.closed_at is null and old.open_task_count = 0 then 1 else 0 end;
            new_bare int := case when enters and new.closed_at is null and new.open_task_count = 0 then 1 else 0 end;
            enter_first boolean := leaves and enters
                and (new.stage_id, new.responsible_id) < (old.stage_id, old.responsible_id);
        begin
            if leaves and enters and old_bare = new_bare
                and (new.stage_id, new.responsible_id) = (old.stage_id, old.responsible_id)
                and new.budget is not distinct from old.budget then
                return null;
            end if;
            if enters and enter_first then
                insert into deals.stage_totals as t (stage_id, responsible_id, deal_count, budget_sum, bare_count, bare_budget_sum)
                values (new.stage_id, new.responsible_id, 1, coalesce(new.budget, 0), new_bare, new_bare * coalesce(new.budget, 0))
                on conflict (stage_id, responsible_id) do update
                set deal_count = t.deal_count + 1, budget_sum = t.budget_sum + excluded.budget_sum,
                    bare_count = t.bare_count + excluded.bare_count, bare_budget_sum = t.bare_budget_sum + excluded.bare_budget_sum;
            end if;
            if leaves then
                update deals.stage_totals
                set deal_count = deal_count - 1, budget_sum = budget_sum - coalesce(old.budget, 0),
                    bare_count = bare_count - old_bare, bare_budget_sum = bare_budget_sum - old_bare * coalesce(old.budget, 0)
                where stage_id = old.stage_id and responsible_id = old.responsible_id;
            end if;
            if enters and not enter_first then
                insert into deals.stage_totals as t (stage_id, responsible_id, deal_count, budget_sum, bare_count, bare_budget_sum)
                values (new.stage_id, new.responsible_id, 1, coalesce(new.budget, 0), new_bare, new_bare * coalesce(new.budget, 0))
                on conflict (stage_id, responsible_id) do update
                set deal_count = t.deal_count + 1, budget_sum = t.budget_sum + excluded.budget_sum,
                    bare_count = t.bare_count + excluded.bare_count, bare_budget_sum = t.bare_budget_sum + excluded.bare_budget_sum;
            end if;
            return null;
        end
        $fn$;

        drop trigger keep_stage_totals on deals.deals;
        create trigger keep_stage_totals
        after insert or delete or update of stage_id, responsible_id, budget, deleted_at, closed_at, open_task_count on deals.deals
        for each row execute function deals.keep_stage_totals();

        update deals.stage_totals t
        set bare_count = b.bare_count, bare_budget_sum = b.bare_budget_sum
        from (
            select stage_id, responsible_id, count(*) as bare_count, coalesce(sum(budget), 0) as bare_budget_sum
            from deals.deals where deleted_at is null and closed_at is null and open_task_count = 0
            group by stage_id, responsible_id
        ) b
        where t.stage_id = b.stage_id and t.responsible_id = b.responsible_id;
        """);

    public override void Down() => Execute.Sql("""
        -- M0005's function and M0004's trigger columns
        create or replace function deals.keep_stage_totals() returns trigger language plpgsql as $fn$
        declare
            leaves boolean := tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null;
            enters boolean := tg_op in ('INSERT', 'UPDATE') and new.deleted_at is null;
            enter_first boolean := leaves and enters
                and (new.stage_id, new.responsible_id) < (old.stage_id, old.responsible_id);
        begin
            if enters and enter_first then
                insert into deals.stage_totals as t (stage_id, responsible_id, deal_count, budget_sum)
                values (new.stage_id, new.responsible_id, 1, coalesce(new.budget, 0))
                on conflict (stage_id, responsible_id) do update
                set deal_count = t.deal_count + 1, budget_sum = t.budget_sum + excluded.budget_sum;
            end if;
            if leaves then
                update deals.stage_totals
                set deal_count = deal_count - 1, budget_sum = budget_sum - coalesce(old.budget, 0)
                where stage_id = old.stage_id and responsible_id = old.responsible_id;
            end if;
            if enters and not enter_first then
                insert into deals.stage_totals as t (stage_id, responsible_id, deal_count, budget_sum)
                values (new.stage_id, new.responsible_id, 1, coalesce(new.budget, 0))
                on conflict (stage_id, responsible_id) do update
                set deal_count = t.deal_count + 1, budget_sum = t.budget_sum + excluded.budget_sum;
            end if;
            return null;
        end
        $fn$;

        drop trigger keep_stage_totals on deals.deals;
        create trigger keep_stage_totals
        after insert or delete or update of stage_id, responsible_id, budget, deleted_at on deals.deals
        for each row execute function deals.keep_stage_totals();
        alter table deals.stage_totals drop column bare_budget_sum, drop column bare_count;
        drop index deals.ix_deals_next_task_due;
        drop index deals.ix_deals_stage_without_tasks;
        alter table deals.deals drop column next_task_due, drop column open_task_count;
        drop table deals.task_facts;
        """);
}
