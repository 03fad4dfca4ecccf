using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Realtime;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// Until Messaging exists, a reminder or an overdue notice goes straight to the responsible user's
/// browsers over SignalR (method <c>taskNotice</c>, topic "user:{id}", which only their own
/// connections are in): the UI shows a toast and a browser notification. Sent after the job's
/// commit by the bus; a redelivery may send it twice. A notice names the task as it was when it
/// fell due; by its delivery the task may have changed. It is sent only while the task is still
/// open, due at the same time and with the same responsible: a completed or deleted task reminds
/// nobody, and a new due time or responsible arms a new reminder (UpdateTask), so the old one is dropped.
/// </summary>
internal static class PushTaskNotices
{
    public const string Method = "taskNotice";

    /// <summary>The message: <c>{ notice: "reminder" | "overdue", taskId, text, dueAt, allDay, link }</c>.</summary>
    public sealed record TaskNotice(string Notice, Guid TaskId, string Text, DateTimeOffset DueAt, bool AllDay, LinkResponse? Link);

    private static async ValueTask SendAsync(DbSession db, IRealtime realtime, string notice, TaskState task, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var current = await conn.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from tasks.tasks
                           where id = @TaskId and completed_at is null and due_at = @DueAt and responsible_id = @ResponsibleId)
            """,
            new { task.TaskId, task.DueAt, task.ResponsibleId });
        if (!current)
        {
            return;
        }
        var (kind, id) = task.DealId is { } d ? (LinkKinds.Deal, d)
            : task.CompanyId is { } c ? (LinkKinds.Company, c)
            : task.ContactId is { } p ? (LinkKinds.Contact, p)
            : ((string?)null, Guid.Empty);
        LinkResponse? link = null;
        if (kind is not null)
        {
            var name = await conn.ExecuteScalarAsync<string?>(
                """
                select coalesce((select name from tasks.deals where id = @id and @kind = 'deal'),
                                (select name from tasks.companies where id = @id and @kind = 'company'),
                                (select name from tasks.contacts where id = @id and @kind = 'contact'))
                """,
                new { id, kind });
            link = new LinkResponse(kind, id, name);
        }
        var message = new TaskNotice(notice, task.TaskId, task.Text, task.DueAt, task.AllDay, link);
        // Pushed once the delivery has committed: a rolled-back delivery reminds nobody.
        db.AfterCommit(() => new ValueTask(realtime.SendAsync(
            Crm.BuildingBlocks.Realtime.CrmHub.UserTopic(task.ResponsibleId), Method, message, CancellationToken.None)));
    }

    internal sealed class OnTaskReminderDue(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskReminderDue>
    {
        public ValueTask Handle(TaskReminderDue e, CancellationToken ct) => SendAsync(db, realtime, "reminder", e.Task, ct);
    }

    internal sealed class OnTaskOverdue(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskOverdue>
    {
        public ValueTask Handle(TaskOverdue e, CancellationToken ct) => SendAsync(db, realtime, "overdue", e.Task, ct);
    }
}
