using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Jobs;
using Crm.Modules.Tasks.Contracts;
using Dapper;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Tasks on a company or a contact are planned, moved, completed or deleted: the company and contact
/// lists show each record's open task count and can list the ones without tasks. Every event carries
/// the task's state after the change and its version: directory.task_facts keeps the newest state
/// seen per task, so a redelivered or late older event changes nothing, and a completed or deleted
/// task never comes back open (a merge moves completed tasks too, and its TaskUpdated says so). Final facts are removed some
/// time after closing (FactsCleanupJob); an event that occurred before that retention and finds no
/// fact is ignored, as its fact may be such a one.
/// </summary>
internal static class KeepTaskCounts
{
    /// <summary>Newer than any version: a deleted task's row stays as a tombstone.</summary>
    private const int Deleted = int.MaxValue;

    private sealed record Fact(Guid? CompanyId, Guid? ContactId, bool Closed, int Version);

    /// <summary>What every handler needs: the session, and the clock and retention for stale events.</summary>
    internal sealed record Context(DbSession Db, TimeProvider Clock, IOptions<FactsOptions> Options);

    private static async ValueTask KeepAsync(
        Context context, IntegrationEvent e, Guid taskId, Guid? companyId, Guid? contactId, bool closing, int version, CancellationToken ct)
    {
        var conn = await context.Db.ConnectionAsync(ct);
        var now = context.Clock.GetUtcNow();
        // An event from before the retention may belong to a task whose fact was removed since: it
        // only updates a fact that is still there.
        if (e.OccurredAt >= now - context.Options.Value.Retention)
        {
            await conn.ExecuteAsync(
                """
                insert into directory.task_facts (task_id, company_id, contact_id, closed, version) values (@taskId, null, null, false, 0)
                on conflict (task_id) do nothing
                """,
                new { taskId });
        }
        // The task's row, locked: events of one task are applied one at a time.
        var before = await conn.QuerySingleOrDefaultAsync<Fact>(
            """
            select company_id as CompanyId, contact_id as ContactId, closed as Closed, version as Version
            from directory.task_facts where task_id = @taskId for update
            """,
            new { taskId });
        if (before is null || before.Version >= version)
        {
            return;
        }
        var closed = before.Closed || closing;
        await conn.ExecuteAsync(
            """
            update directory.task_facts
            set company_id = @companyId, contact_id = @contactId, closed = @closed, version = @version,
                closed_at = case when @closed then coalesce(closed_at, @now) end
            where task_id = @taskId
            """,
            new { taskId, companyId, contactId, closed, version, now });
        await OpenCounts.CompanyTasksAsync(conn, OpenCounts.Moves(before.Closed ? null : before.CompanyId, closed ? null : companyId));
        await OpenCounts.ContactTasksAsync(conn, OpenCounts.Moves(before.Closed ? null : before.ContactId, closed ? null : contactId));
    }

    internal sealed class OnTaskCreated(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<TaskCreated>
    {
        public ValueTask Handle(TaskCreated e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.TaskId, e.CompanyId, e.ContactId, false, e.Version, ct);
    }

    internal sealed class OnTaskUpdated(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<TaskUpdated>
    {
        public ValueTask Handle(TaskUpdated e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.TaskId, e.CompanyId, e.ContactId, e.Completed, e.Version, ct);
    }

    internal sealed class OnTaskRescheduled(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<TaskRescheduled>
    {
        public ValueTask Handle(TaskRescheduled e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.TaskId, e.CompanyId, e.ContactId, false, e.Version, ct);
    }

    internal sealed class OnTaskReassigned(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<TaskReassigned>
    {
        public ValueTask Handle(TaskReassigned e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.TaskId, e.CompanyId, e.ContactId, false, e.Version, ct);
    }

    internal sealed class OnTaskCompleted(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<TaskCompleted>
    {
        public ValueTask Handle(TaskCompleted e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.TaskId, e.CompanyId, e.ContactId, true, e.Version, ct);
    }

    internal sealed class OnTaskDeleted(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<TaskDeleted>
    {
        public ValueTask Handle(TaskDeleted e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.TaskId, e.CompanyId, e.ContactId, true, Deleted, ct);
    }
}
