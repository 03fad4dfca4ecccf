using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Budget sums per currency (ADR 0005): deals.stage_totals gets the currency in its key, so a column
/// of 1,000 USD and 1,000 RUB has two sums instead of "2,000". The board still reads the totals by
/// the primary key's prefix (stage, or stage and responsible), now a row per currency. The trigger
/// is M0008's (locks in key order, the "bare" totals) with the currency in the key, and it also fires
/// when a deal's currency changes. The totals are rebuilt from the deals while writes to them wait.
/// The overdue filter (which aggregates the matching deals) reads the currency from its index.
/// </summary>
[Migration(11, "Stage totals per currency")]
internal sealed class M0011_StageTotalsPerCurrency : Migration
{
    public override void Up() => Execute.Sql("""
        lock table deals.deals in share mode;

        drop trigger keep_stage_totals on deals.deals;
        drop table deals.stage_totals;
        create table deals.stage_totals (
            stage_id uuid not null,
            responsible_id uuid not null,
            currency char(3) not null,
            deal_count bigint not null default 0,
            budget_sum numeric(20, 2) not null default 0,
            bare_count bigint not null default 0,
            bare_budget_sum numeric(20, 2) not null default 0,
            primary key (stage_id, responsible_id, currency)
        );

        create or replace function deals.keep_stage_totals() returns trigger language plpgsql as $fn$
        declare
            leaves boolean := tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null;
            enters boolean := tg_op in ('INSERT', 'UPDATE') and new.deleted_at is null;
            old_bare int := case when leaves and old.closed_at is null and old.open_task_count = 0 then 1 else 0 end;
            new_bare int := case when enters and new.closed_at is null and new.open_task_count = 0 then 1 else 0 end;
            enter_first boolean := leaves and enters
                and (new.stage_id, new.responsible_id, new.currency) < (old.stage_id, old.responsible_id, old.currency);
        begin
            if leaves and enters and old_bare = new_bare
                and (new.stage_id, new.responsible_id, new.currency) = (old.stage_id, old.responsible_id, old.currency)
                and new.budget is not distinct from old.budget then
                return null;
            end if;
            if enters and enter_first then
                insert into deals.stage_totals as t (stage_id, responsible_id, currency, deal_count, budget_sum, bare_count, bare_budget_sum)
                values (new.stage_id, new.responsible_id, new.currency, 1, coalesce(new.budget, 0), new_bare, new_bare * coalesce(new.budget, 0))
                on conflict (stage_id, responsible_id, currency) do update
                set deal_count = t.deal_count + 1, budget_sum = t.budget_sum + excluded.budget_sum,
                    bare_count = t.bare_count + excluded.bare_count, bare_budget_sum = t.bare_budget_sum + excluded.bare_budget_sum;
            end if;
            if leaves then
                update deals.stage_totals
                set deal_count = deal_count - 1, budget_sum = budget_sum - coalesce(old.budget, 0),
                    bare_count = bare_count - old_bare, bare_budget_sum = bare_budget_sum - old_bare * coalesce(old.budget, 0)
                where stage_id = old.stage_id and responsible_id = old.responsible_id and currency = old.currency;
            end if;
            if enters and not enter_first then
                insert into deals.stage_totals as t (stage_id, responsible_id, currency, deal_count, budget_sum, bare_count, bare_budget_sum)
                values (new.stage_id, new.responsible_id, new.currency, 1, coalesce(new.budget, 0), new_bare, new_bare * coalesce(new.budget, 0))
                on conflict (stage_id, responsible_id, currency) do update
                set deal_count = t.deal_count + 1, budget_sum = t.budget_sum + excluded.budget_sum,
                    bare_count = t.bare_count + excluded.bare_count, bare_budget_sum = t.bare_budget_sum + excluded.bare_budget_sum;
            end if;
            return null;
        end
        $fn$;

        create trigger keep_stage_totals
        after insert or delete or update of stage_id, responsible_id, currency, budget, deleted_at, closed_at, open_task_count
        on deals.deals
        for each row execute function deals.keep_stage_totals();

        insert into deals.stage_totals (stage_id, responsible_id, currency, deal_count, budget_sum, bare_count, bare_budget_sum)
        select stage_id, responsible_id, currency, count(*), coalesce(sum(budget), 0),
               count(*) filter (where closed_at is null and open_task_count = 0),
               coalesce(sum(budget) filter (where closed_at is null and open_task_count = 0), 0)
        from deals.deals where deleted_at is null
        group by stage_id, responsible_id, currency;

        -- the overdue filter's totals group by currency too; the index keeps them index-only
        drop index deals.ix_deals_next_task_due;
        create index ix_deals_next_task_due on deals.deals (pipeline_id, next_task_due) include (stage_id, currency, budget)
            where deleted_at is null and next_task_due is not null;
        """);

    public override void Down() => Execute.Sql("""
        lock table deals.deals in share mode;

        drop index deals.ix_deals_next_task_due;
        create index ix_deals_next_task_due on deals.deals (pipeline_id, next_task_due) include (stage_id, budget)
            where deleted_at is null and next_task_due is not null;

        -- M0008's table, function and trigger
        drop trigger keep_stage_totals on deals.deals;
        drop table deals.stage_totals;
        create table deals.stage_totals (
            stage_id uuid not null,
            responsible_id uuid not null,
            deal_count bigint not null default 0,
            budget_sum numeric(20, 2) not null default 0,
            bare_count bigint not null default 0,
            bare_budget_sum numeric(20, 2) not null default 0,
            primary key (stage_id, responsible_id)
        );

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

        create trigger keep_stage_totals
        after insert or delete or update of stage_id, responsible_id, budget, deleted_at, closed_at, open_task_count on deals.deals
        for each row execute function deals.keep_stage_totals();

        insert into deals.stage_totals (stage_id, responsible_id, deal_count, budget_sum, bare_count, bare_budget_sum)
        select stage_id, responsible_id, count(*), coalesce(sum(budget), 0),
               count(*) filter (where closed_at is null and open_task_count = 0),
               coalesce(sum(budget) filter (where closed_at is null and open_task_count = 0), 0)
        from deals.deals where deleted_at is null
        group by stage_id, responsible_id;
        """);
}
