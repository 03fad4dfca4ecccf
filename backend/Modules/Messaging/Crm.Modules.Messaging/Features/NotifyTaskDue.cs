using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Messaging.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A task's reminder and its overdue notice reach its manager as kept notifications (the bell), linking
/// to the task's card (the deal, company or contact it is on) or to the task itself. One per notice. A notice
/// is raised with the task's state of then and may be delivered after a change: one that no longer holds by the
/// newest state seen (<see cref="TaskCopies"/>: done, deleted, moved, given to another) is not kept; one kept
/// before such a change is read by <see cref="WithdrawStaleTaskNotices"/>.
/// </summary>
internal sealed class NotifyTaskDue(DbSession db, Notifications notifications)
    : IIntegrationEventHandler<TaskReminderDue>, IIntegrationEventHandler<TaskOverdue>
{
    public ValueTask Handle(TaskReminderDue due, CancellationToken ct) => NotifyAsync(due, due.Task, NotificationKinds.TaskReminder, ct);

    public ValueTask Handle(TaskOverdue overdue, CancellationToken ct) => NotifyAsync(overdue, overdue.Task, NotificationKinds.TaskOverdue, ct);

    private async ValueTask NotifyAsync(Crm.BuildingBlocks.Abstractions.IntegrationEvent notice, TaskState task, string kind, CancellationToken ct)
    {
        var (linkKind, linkId) = task switch
        {
            { DealId: { } deal } => (FeedKinds.Deal, deal),
            { CompanyId: { } company } => (FeedKinds.Company, company),
            { ContactId: { } contact } => (FeedKinds.Contact, contact),
            _ => ("task", task.TaskId),
        };
        await TaskCopies.KeepAndLockAsync(db, task, ct);
        if (!await TaskCopies.HoldsAsync(db, task, ct))
        {
            return;
        }
        var subject = linkKind == "task" ? null : await FeedSubjects.NameAsync(await db.ConnectionAsync(ct), linkKind, linkId, ct);
        await notifications.AddAsync(
            task.ResponsibleId,
            kind,
            $"{kind}:{task.TaskId}:{task.DueAt.UtcTicks}",
            linkKind,
            linkId,
            new { taskId = task.TaskId, text = task.Text, dueAt = task.DueAt, allDay = task.AllDay, subjectName = subject },
            ct);
    }
}
