using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Tasks' events carry the task's state and version: <c>task_facts</c> is a copy kept by
/// VersionedCopy (primary key <c>id</c>, the task's), with the task's <c>status</c> (open, completed,
/// deleted) instead of a <c>closed</c> flag and a deleted task's tombstone version. Facts from before:
/// a tombstone (version int.MaxValue) is a deleted task, and keeps that version (nothing comes after a
/// deletion); another closed fact is a completed task; the rest are open. <c>closed_at</c> stays, for
/// TaskFactsCleanupJob.
/// </summary>
[Migration(14, "Task facts follow the task's state and version")]
internal sealed class M0014_TaskFactsFromState : Migration
{
    public override void Up() => Execute.Sql("""
        alter table deals.task_facts rename column task_id to id;
        alter table deals.task_facts add column status text not null default 'open'
            check (status in ('open', 'completed', 'deleted'));
        update deals.task_facts
        set status = case when version = 2147483647 then 'deleted' else 'completed' end
        where closed;
        drop index deals.ix_task_facts_deal;
        drop index deals.ix_task_facts_closed;
        alter table deals.task_facts drop column closed;
        alter table deals.task_facts alter column status drop default;
        -- a deal's open tasks: count and nearest due
        create index ix_task_facts_deal on deals.task_facts (deal_id, due_at) where deal_id is not null and status = 'open';
        -- the cleanup: closed facts by when they closed
        create index ix_task_facts_closed on deals.task_facts (closed_at) where status <> 'open';
        """);

    public override void Down() => Execute.Sql("""
        alter table deals.task_facts add column closed boolean not null default false;
        update deals.task_facts set closed = true, version = case when status = 'deleted' then 2147483647 else version end
        where status <> 'open';
        drop index deals.ix_task_facts_deal;
        drop index deals.ix_task_facts_closed;
        alter table deals.task_facts drop column status;
        alter table deals.task_facts alter column closed drop default;
        alter table deals.task_facts rename column id to task_id;
        create index ix_task_facts_deal on deals.task_facts (deal_id, due_at) where deal_id is not null and not closed;
        create index ix_task_facts_closed on deals.task_facts (closed_at) where closed;
        """);
}
