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
/// lists show each record's open task count and can list the ones without tasks. Every task event
/// carries the task's state and version: directory.task_facts keeps per task the newest state heard
/// of (its company or contact, status), written by <see cref="VersionedCopy.UpsertIfNewerAsync"/>, so
/// a redelivered, late or replayed older event changes nothing, and a completed or deleted task never
/// comes back open (a merge moves completed tasks too, and its state says so). When the fact changed,
/// the count moves from where the fact was open to where the state is open. Closed facts are removed
/// some time after closing (FactsCleanupJob); an event that occurred before that retention and finds
/// no fact is ignored, as its fact may be such a one. TaskReminderDue and TaskOverdue tell nothing new
/// and are not taken.
/// </summary>
internal sealed class KeepTaskCounts(DbSession db, TimeProvider clock, IOptions<FactsOptions> options) : IStateHandler<TaskState>
{
    /// <summary>A row of directory.task_facts; <see cref="ClosedAt"/> is when Directory learnt the task was closed (for the cleanup).</summary>
    private sealed record Fact(Guid Id, int Version, Guid? CompanyId, Guid? ContactId, string Status, DateTimeOffset? ClosedAt);

    private static Guid? OpenOn(string status, Guid? record) => status == TaskStatuses.Open ? record : null;

    public async ValueTask Handle(TaskState task, IntegrationEvent e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        // A fact at version 0 is on nothing: the task's first state moves it from nowhere. An event
        // from before the retention may belong to a task whose fact was removed since: it only
        // updates a fact that is still there.
        if (e.OccurredAt >= now - options.Value.Retention)
        {
            await conn.ExecuteAsync(
                """
                insert into directory.task_facts (id, version, company_id, contact_id, status) values (@TaskId, 0, null, null, 'open')
                on conflict (id) do nothing
                """,
                new { task.TaskId });
        }
        // The task's fact, locked: events of one task are applied one at a time.
        var before = await conn.QuerySingleOrDefaultAsync<Fact>(
            """
            select id as Id, version as Version, company_id as CompanyId, contact_id as ContactId, status as Status, closed_at as ClosedAt
            from directory.task_facts where id = @TaskId for update
            """,
            new { task.TaskId });
        if (before is null)
        {
            return;
        }
        var closed = task.Status != TaskStatuses.Open;
        var after = new Fact(task.TaskId, task.Version, task.CompanyId, task.ContactId, task.Status, closed ? before.ClosedAt ?? now : null);
        if (!await conn.UpsertIfNewerAsync("directory.task_facts", after, ct))
        {
            return;
        }
        await OpenCounts.CompanyTasksAsync(conn, OpenCounts.Moves(OpenOn(before.Status, before.CompanyId), OpenOn(after.Status, after.CompanyId)));
        await OpenCounts.ContactTasksAsync(conn, OpenCounts.Moves(OpenOn(before.Status, before.ContactId), OpenOn(after.Status, after.ContactId)));
    }
}
