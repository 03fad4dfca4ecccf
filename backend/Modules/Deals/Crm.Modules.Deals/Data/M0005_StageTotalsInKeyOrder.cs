using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// A move touches two rows of deals.stage_totals. Taking them in key order (not old-then-new)
/// means two deals crossing between the same stages at once wait for each other instead of
/// deadlocking.
/// </summary>
[Migration(5, "Stage totals locked in key order")]
internal sealed class M0005_StageTotalsInKeyOrder : Migration
{
    public override void Up() => Execute.Sql("""
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
        """);

    public override void Down()
    {
        // M0004's version differs only in lock order; dropping the table (M0004 down) removes this too.
    }
}
