using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Tasks on a company or a contact are planned, moved, completed or deleted: the company and contact
/// lists show each record's open task count and can list the ones without tasks. Every event carries
/// the task's state after the change and its version: directory.task_facts keeps the newest state
/// seen per task, so a redelivered or late older event changes nothing, and a completed or deleted
/// task never comes back open (a merge repoints completed tasks too).
/// </summary>
internal static class KeepTaskCounts
{
    /// <summary>Newer than any version: a deleted task's row stays as a tombstone.</summary>
    private const int Deleted = int.MaxValue;

    private sealed record Fact(Guid? CompanyId, Guid? ContactId, bool Closed, int Version);

    private static async ValueTask KeepAsync(
        DbSession db, Guid taskId, Guid? companyId, Guid? contactId, bool closing, int version, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(
            """
            insert into directory.task_facts (task_id, company_id, contact_id, closed, version) values (@taskId, null, null, false, 0)
            on conflict (task_id) do nothing
            """,
            new { taskId });
        // The task's row, locked: events of one task are applied one at a time.
        var before = await conn.QuerySingleAsync<Fact>(
            """
            select company_id as CompanyId, contact_id as ContactId, closed as Closed, version as Version
            from directory.task_facts where task_id = @taskId for update
            """,
            new { taskId });
        if (before.Version >= version)
        {
            return;
        }
        var closed = before.Closed || closing;
        await conn.ExecuteAsync(
            """
            update directory.task_facts set company_id = @companyId, contact_id = @contactId, closed = @closed, version = @version
            where task_id = @taskId
            """,
            new { taskId, companyId, contactId, closed, version });
        await OpenCounts.CompanyTasksAsync(conn, OpenCounts.Moves(before.Closed ? null : before.CompanyId, closed ? null : companyId));
        await OpenCounts.ContactTasksAsync(conn, OpenCounts.Moves(before.Closed ? null : before.ContactId, closed ? null : contactId));
    }

    internal sealed class OnTaskCreated(DbSession db) : IIntegrationEventHandler<TaskCreated>
    {
        public ValueTask Handle(TaskCreated e, CancellationToken ct) => KeepAsync(db, e.TaskId, e.CompanyId, e.ContactId, false, e.Version, ct);
    }

    internal sealed class OnTaskUpdated(DbSession db) : IIntegrationEventHandler<TaskUpdated>
    {
        public ValueTask Handle(TaskUpdated e, CancellationToken ct) => KeepAsync(db, e.TaskId, e.CompanyId, e.ContactId, false, e.Version, ct);
    }

    internal sealed class OnTaskRescheduled(DbSession db) : IIntegrationEventHandler<TaskRescheduled>
    {
        public ValueTask Handle(TaskRescheduled e, CancellationToken ct) => KeepAsync(db, e.TaskId, e.CompanyId, e.ContactId, false, e.Version, ct);
    }

    internal sealed class OnTaskReassigned(DbSession db) : IIntegrationEventHandler<TaskReassigned>
    {
        public ValueTask Handle(TaskReassigned e, CancellationToken ct) => KeepAsync(db, e.TaskId, e.CompanyId, e.ContactId, false, e.Version, ct);
    }

    internal sealed class OnTaskCompleted(DbSession db) : IIntegrationEventHandler<TaskCompleted>
    {
        public ValueTask Handle(TaskCompleted e, CancellationToken ct) => KeepAsync(db, e.TaskId, e.CompanyId, e.ContactId, true, e.Version, ct);
    }

    internal sealed class OnTaskDeleted(DbSession db) : IIntegrationEventHandler<TaskDeleted>
    {
        public ValueTask Handle(TaskDeleted e, CancellationToken ct) => KeepAsync(db, e.TaskId, e.CompanyId, e.ContactId, true, Deleted, ct);
    }
}
