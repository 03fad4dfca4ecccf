using Crm.BuildingBlocks.Data;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// Tasks as Messaging last saw them (messaging.tasks), kept from Tasks' events and notices alike: what a task's
/// reminder or overdue notice is checked against. Both sides take the task's row lock first, so a notice and the
/// change that makes it stale never pass each other: whichever commits second sees the other.
/// </summary>
internal static class TaskCopies
{
    /// <summary>Keeps <paramref name="task"/> when it is newer than the copy, and locks the task's row for this transaction.</summary>
    public static async Task KeepAndLockAsync(DbSession db, TaskState task, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.UpsertIfNewerAsync(
            "messaging.tasks",
            new { Id = task.TaskId, task.Version, task.Status, task.DueAt, ResponsibleId = task.ResponsibleId },
            ct);
        await conn.ExecuteAsync(new CommandDefinition("select 1 from messaging.tasks where id = @TaskId for update", new { task.TaskId }, cancellationToken: ct));
    }

    /// <summary>
    /// The task's notice as <paramref name="task"/> says it still holds by the newest state seen: the task is open,
    /// still <paramref name="task"/>'s responsible's and due when it said (to the millisecond: a time read back from
    /// PostgreSQL has lost its last digits). Call after <see cref="KeepAndLockAsync"/>.
    /// </summary>
    public static async Task<bool> HoldsAsync(DbSession db, TaskState task, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteScalarAsync<bool>(new CommandDefinition(
            $"""
            select exists (select 1 from messaging.tasks t where t.id = @TaskId and t.status = '{TaskStatuses.Open}'
                and t.responsible_id = @ResponsibleId and abs(extract(epoch from t.due_at - @DueAt)) < 0.001)
            """,
            new { task.TaskId, task.ResponsibleId, task.DueAt },
            cancellationToken: ct));
}
