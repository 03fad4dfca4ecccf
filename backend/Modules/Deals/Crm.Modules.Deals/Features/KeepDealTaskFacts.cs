using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Realtime;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Jobs;
using Crm.Modules.Tasks.Contracts;
using Dapper;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Tasks are planned, edited, moved to another deal, rescheduled, completed or deleted: each deal
/// keeps how many open tasks it has and when the nearest is due, so its board card shows "no task",
/// "overdue" or the next date, and the board filters "без задач" and "с просроченными задачами"
/// read indexed columns. Every task event carries the task's state and version: deals.task_facts
/// keeps per task the newest state heard of (its deal, due time, status), written by
/// <see cref="VersionedCopy.UpsertIfNewerAsync"/>, so a redelivered, late or replayed older event
/// changes nothing, and a completed or deleted task never comes back open. When the fact changed, the
/// counts of the deal it was on and of the deal it is on are recounted from those rows (under the
/// deals' row locks, so concurrent events of one deal never lose each other), and watching boards
/// get the card ("updated") when they changed. A closed task's fact is removed some time after
/// closing (TaskFactsCleanupJob); an event that occurred before that retention and finds no fact is
/// ignored, as its task may be such a one. TaskReminderDue and TaskOverdue tell nothing new (their
/// version is the task's current one) and are not taken.
/// Locks are taken as a move takes them: the deals' rows in id order, then their board totals' rows
/// (deals.stage_totals, kept by a trigger on the deal) in key order; for a whole batch before its first
/// event (<see cref="IPrepareBatch"/>), as a batch that held one deal's totals while it waited for the
/// next deal's row would wait for a move of that deal, which waits for those totals (166 deadlocks in
/// a 10-minute build/bench/endurance.sh soak; TaskFactsLockOrderTests).
/// </summary>
internal sealed class KeepDealTaskFacts(DbSession db, IRealtime realtime, TimeProvider clock, IOptions<TaskFactsOptions> options)
    : IStateHandler<TaskState>, IPrepareBatch
{
    public async ValueTask PrepareBatchAsync(IReadOnlyList<IntegrationEvent> batch, CancellationToken ct)
    {
        var tasks = batch.OfType<IStateEvent<TaskState>>().Select(e => e.State).ToList();
        var conn = await db.ConnectionAsync(ct);
        // The deals the batch's tasks are on now, and those their events put them on.
        var deals = await conn.QueryAsync<Guid>(
            "select deal_id from deals.task_facts where id = any(@taskIds) and deal_id is not null",
            new { taskIds = tasks.Select(t => t.TaskId).ToArray() });
        await LockAsync(conn, [.. deals.Concat(tasks.Select(t => t.DealId).OfType<Guid>()).Distinct()]);
    }

    /// <summary>The deals' rows in id order, then their totals' rows in key order: the order of a move.</summary>
    private static async Task LockAsync(System.Data.IDbConnection conn, Guid[] dealIds)
    {
        await conn.ExecuteAsync("select 1 from deals.deals where id = any(@dealIds) order by id for update", new { dealIds });
        await conn.ExecuteAsync(
            """
            select 1 from deals.stage_totals t
            where (t.stage_id, t.responsible_id, t.currency) in (
                select d.stage_id, d.responsible_id, d.currency from deals.deals d where d.id = any(@dealIds) and d.deleted_at is null)
            order by t.stage_id, t.responsible_id, t.currency
            for update
            """,
            new { dealIds });
    }

    /// <summary>A row of deals.task_facts; <see cref="ClosedAt"/> is when Deals learnt the task was closed (for the cleanup).</summary>
    private sealed record Fact(Guid Id, int Version, Guid? DealId, DateTimeOffset DueAt, string Status, DateTimeOffset? ClosedAt);

    public async ValueTask Handle(TaskState task, IntegrationEvent e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        // A fact at version 0 is on no deal: the task's first state moves it from nowhere. An event
        // from before the retention may belong to a task closed and cleaned up since: it only updates
        // a fact that is still there.
        if (e.OccurredAt >= now - options.Value.Retention)
        {
            await conn.ExecuteAsync(
                """
                insert into deals.task_facts (id, version, deal_id, due_at, status) values (@TaskId, 0, null, @DueAt, 'open')
                on conflict (id) do nothing
                """,
                new { task.TaskId, task.DueAt });
        }
        // The task's fact, locked: events of one task are applied one at a time.
        var before = await conn.QuerySingleOrDefaultAsync<Fact>(
            """
            select id as Id, version as Version, deal_id as DealId, due_at as DueAt, status as Status, closed_at as ClosedAt
            from deals.task_facts where id = @TaskId for update
            """,
            new { task.TaskId });
        if (before is null)
        {
            return;
        }
        var affected = new[] { before.DealId, task.DealId }.OfType<Guid>().Distinct().Order().ToArray();
        // Held already when the batch was prepared; taken here when the bus delivers one at a time.
        await LockAsync(conn, affected);
        var closed = task.Status != TaskStatuses.Open;
        var written = await conn.UpsertIfNewerAsync(
            "deals.task_facts",
            new Fact(task.TaskId, task.Version, task.DealId, task.DueAt, task.Status, closed ? before.ClosedAt ?? now : null),
            ct);
        if (!written)
        {
            return;
        }
        var changed = await conn.QueryAsync<Guid>(
            """
            update deals.deals d set open_task_count = f.count, next_task_due = f.due
            from (
                select a.id, count(t.id)::int as count, min(t.due_at) as due
                from unnest(@affected) as a(id)
                left join deals.task_facts t on t.deal_id = a.id and t.status = 'open'
                group by a.id
            ) f
            where d.id = f.id and (d.open_task_count, d.next_task_due) is distinct from (f.count, f.due)
            returning d.id
            """,
            new { affected });
        foreach (var id in changed)
        {
            await LiveBoard.SendAsync(db, realtime, id, "updated", ct);
        }
    }
}
