using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// A closed task's fact is kept only as long as an older event of that task could still arrive:
/// <c>closed_at</c> is when Deals learnt that the task was completed or deleted, and
/// <c>TaskFactsCleanupJob</c> deletes closed facts older than <c>Deals:TaskFacts:Retention</c> (see
/// <c>TaskFactsOptions</c> for why that is safe). Facts closed before this migration count as closed now.
/// Backfill: the facts are built from Tasks' events only; Deals and Tasks shipped together, so no
/// task exists that Deals has not heard of.
/// </summary>
[Migration(9, "When a task fact was closed, for its cleanup")]
internal sealed class M0009_TaskFactsClosedAt : Migration
{
    public override void Up() => Execute.Sql("""
        alter table deals.task_facts add column closed_at timestamptz;
        update deals.task_facts set closed_at = now() where closed;
        create index ix_task_facts_closed on deals.task_facts (closed_at) where closed;
        """);

    public override void Down() => Execute.Sql("""
        drop index deals.ix_task_facts_closed;
        alter table deals.task_facts drop column closed_at;
        """);
}
