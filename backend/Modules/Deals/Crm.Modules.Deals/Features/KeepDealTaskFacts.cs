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
/// read indexed columns. Every event carries the task's state after the change and its version:
/// deals.task_facts keeps the newest state seen per task, so a redelivered or late older event
/// changes nothing, and a completed or deleted task never comes back open. The affected deals'
/// counts are recounted from those rows (under the deals' row locks, so concurrent events of one
/// deal never lose each other), and watching boards get the card ("updated") when they changed.
/// A closed task's row is removed some time after closing (TaskFactsCleanupJob); an event that
/// occurred before that retention and finds no row is ignored, as its task may be such a one.
/// </summary>
internal static class KeepDealTaskFacts
{
    /// <summary>Newer than any version: a deleted task's row stays as a tombstone.</summary>
    private const int Deleted = int.MaxValue;

    private sealed record Fact(Guid? DealId, bool Closed, int Version);

    /// <summary>What every handler needs: the session, the board push, and the clock and retention for stale events.</summary>
    internal sealed record Context(DbSession Db, IRealtime Realtime, TimeProvider Clock, IOptions<TaskFactsOptions> Options);

    private static async ValueTask KeepAsync(
        Context context, IntegrationEvent e, Guid taskId, Guid? dealId, DateTimeOffset dueAt, bool closing, int version, CancellationToken ct)
    {
        var (db, realtime, clock, options) = context;
        var conn = await db.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        // An event from before the retention may belong to a task closed and cleaned up since: it
        // only updates a fact that is still there.
        if (e.OccurredAt >= now - options.Value.Retention)
        {
            await conn.ExecuteAsync(
                """
                insert into deals.task_facts (task_id, deal_id, due_at, closed, version) values (@taskId, null, @dueAt, false, 0)
                on conflict (task_id) do nothing
                """,
                new { taskId, dueAt });
        }
        // The task's row, locked: events of one task are applied one at a time.
        var before = await conn.QuerySingleOrDefaultAsync<Fact>(
            "select deal_id as DealId, closed as Closed, version as Version from deals.task_facts where task_id = @taskId for update",
            new { taskId });
        if (before is null || before.Version >= version)
        {
            return;
        }
        var affected = new[] { before.DealId, dealId }.OfType<Guid>().Distinct().Order().ToArray();
        // The deals' rows, in id order (no deadlock between two tasks of the same two deals).
        await conn.ExecuteAsync("select 1 from deals.deals where id = any(@affected) order by id for update", new { affected });
        await conn.ExecuteAsync(
            """
            update deals.task_facts
            set deal_id = @dealId, due_at = @dueAt, closed = @closed, version = @version,
                closed_at = case when @closed then coalesce(closed_at, @now) end
            where task_id = @taskId
            """,
            new { taskId, dealId, dueAt, closed = before.Closed || closing, version, now });
        var changed = await conn.QueryAsync<Guid>(
            """
            update deals.deals d set open_task_count = f.count, next_task_due = f.due
            from (
                select a.id, count(t.task_id)::int as count, min(t.due_at) as due
                from unnest(@affected) as a(id)
                left join deals.task_facts t on t.deal_id = a.id and not t.closed
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

    internal sealed class OnTaskCreated(DbSession db, IRealtime realtime, TimeProvider clock, IOptions<TaskFactsOptions> options)
        : IIntegrationEventHandler<TaskCreated>
    {
        public ValueTask Handle(TaskCreated e, CancellationToken ct) =>
            KeepAsync(new(db, realtime, clock, options), e, e.TaskId, e.DealId, e.DueAt, false, e.Version, ct);
    }

    internal sealed class OnTaskUpdated(DbSession db, IRealtime realtime, TimeProvider clock, IOptions<TaskFactsOptions> options)
        : IIntegrationEventHandler<TaskUpdated>
    {
        public ValueTask Handle(TaskUpdated e, CancellationToken ct) =>
            KeepAsync(new(db, realtime, clock, options), e, e.TaskId, e.DealId, e.DueAt, e.Completed, e.Version, ct);
    }

    internal sealed class OnTaskRescheduled(DbSession db, IRealtime realtime, TimeProvider clock, IOptions<TaskFactsOptions> options)
        : IIntegrationEventHandler<TaskRescheduled>
    {
        public ValueTask Handle(TaskRescheduled e, CancellationToken ct) =>
            KeepAsync(new(db, realtime, clock, options), e, e.TaskId, e.DealId, e.DueAt, false, e.Version, ct);
    }

    internal sealed class OnTaskReassigned(DbSession db, IRealtime realtime, TimeProvider clock, IOptions<TaskFactsOptions> options)
        : IIntegrationEventHandler<TaskReassigned>
    {
        public ValueTask Handle(TaskReassigned e, CancellationToken ct) =>
            KeepAsync(new(db, realtime, clock, options), e, e.TaskId, e.DealId, e.DueAt, false, e.Version, ct);
    }

    internal sealed class OnTaskCompleted(DbSession db, IRealtime realtime, TimeProvider clock, IOptions<TaskFactsOptions> options)
        : IIntegrationEventHandler<TaskCompleted>
    {
        public ValueTask Handle(TaskCompleted e, CancellationToken ct) =>
            KeepAsync(new(db, realtime, clock, options), e, e.TaskId, e.DealId, e.DueAt, true, e.Version, ct);
    }

    internal sealed class OnTaskDeleted(DbSession db, IRealtime realtime, TimeProvider clock, IOptions<TaskFactsOptions> options)
        : IIntegrationEventHandler<TaskDeleted>
    {
        public ValueTask Handle(TaskDeleted e, CancellationToken ct) =>
            KeepAsync(new(db, realtime, clock, options), e, e.TaskId, e.DealId, e.DueAt, true, Deleted, ct);
    }
}
