using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Messaging.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A task changed (done, deleted, moved to another time, given to another manager): its unread reminders and
/// overdue notices that no longer hold by the newest state seen are marked read, and each user whose notices
/// they were hears their new unread count (<c>notificationsRead</c> <c>{ ids, unread }</c>). Checked against the
/// task's copy, not the event alone, so a repeated or replayed older event withdraws nothing that still holds.
/// </summary>
internal sealed class WithdrawStaleTaskNotices(DbSession db, Notifications notifications, TimeProvider clock) : IStateHandler<TaskState>
{
    private sealed record Withdrawn(Guid Id, Guid UserId);

    public async ValueTask Handle(TaskState task, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        await TaskCopies.KeepAndLockAsync(db, task, ct);
        var withdrawn = (await (await db.ConnectionAsync(ct)).QueryAsync<Withdrawn>(new CommandDefinition(
            $"""
            update messaging.notifications n set read_at = @Now
            where n.data->>'taskId' = @TaskId and n.read_at is null
              and n.kind in ('{NotificationKinds.TaskReminder}', '{NotificationKinds.TaskOverdue}')
              and not exists (select 1 from messaging.tasks t where t.id = @Id and t.status = '{TaskStatuses.Open}'
                  and t.responsible_id = n.user_id and abs(extract(epoch from t.due_at - (n.data->>'dueAt')::timestamptz)) < 0.001)
            returning n.id as Id, n.user_id as UserId
            """,
            new { TaskId = task.TaskId.ToString(), Id = task.TaskId, Now = clock.GetUtcNow() },
            cancellationToken: ct))).ToList();
        foreach (var user in withdrawn.GroupBy(w => w.UserId))
        {
            await notifications.PushReadAsync(user.Key, [.. user.Select(w => w.Id)], ct);
        }
    }
}
