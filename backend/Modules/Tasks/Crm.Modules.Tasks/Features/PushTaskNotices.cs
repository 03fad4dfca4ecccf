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
/// commit by the bus; a redelivery may send it twice.
/// </summary>
internal static class PushTaskNotices
{
    public const string Method = "taskNotice";

    /// <summary>The message: <c>{ notice: "reminder" | "overdue", taskId, text, dueAt, allDay, link }</c>.</summary>
    public sealed record TaskNotice(string Notice, Guid TaskId, string Text, DateTimeOffset DueAt, bool AllDay, LinkResponse? Link);

    private static async ValueTask SendAsync(
        DbSession db, IRealtime realtime, string notice, Guid taskId, string text, DateTimeOffset dueAt, bool allDay, Guid userId,
        Guid? dealId, Guid? companyId, Guid? contactId, CancellationToken ct)
    {
        var (kind, id) = dealId is { } d ? (LinkKinds.Deal, d)
            : companyId is { } c ? (LinkKinds.Company, c)
            : contactId is { } p ? (LinkKinds.Contact, p)
            : ((string?)null, Guid.Empty);
        LinkResponse? link = null;
        if (kind is not null)
        {
            var name = await (await db.ConnectionAsync(ct)).ExecuteScalarAsync<string?>(
                """
                select coalesce((select name from tasks.deals where id = @id and @kind = 'deal'),
                                (select name from tasks.companies where id = @id and @kind = 'company'),
                                (select name from tasks.contacts where id = @id and @kind = 'contact'))
                """,
                new { id, kind });
            link = new LinkResponse(kind, id, name);
        }
        var message = new TaskNotice(notice, taskId, text, dueAt, allDay, link);
        // Pushed once the delivery has committed: a rolled-back delivery reminds nobody.
        db.AfterCommit(() => new ValueTask(realtime.SendAsync(Crm.BuildingBlocks.Realtime.CrmHub.UserTopic(userId), Method, message, CancellationToken.None)));
    }

    internal sealed class OnTaskReminderDue(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskReminderDue>
    {
        public ValueTask Handle(TaskReminderDue e, CancellationToken ct) =>
            SendAsync(db, realtime, "reminder", e.TaskId, e.Text, e.DueAt, e.AllDay, e.ResponsibleId, e.DealId, e.CompanyId, e.ContactId, ct);
    }

    internal sealed class OnTaskOverdue(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskOverdue>
    {
        public ValueTask Handle(TaskOverdue e, CancellationToken ct) =>
            SendAsync(db, realtime, "overdue", e.TaskId, e.Text, e.DueAt, e.AllDay, e.ResponsibleId, e.DealId, e.CompanyId, e.ContactId, ct);
    }
}
