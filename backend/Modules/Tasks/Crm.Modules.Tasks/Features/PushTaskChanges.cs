using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Realtime;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// Live task lists: after each change of a task commits, everyone watching topic "tasks" (the
/// organizer, a card's task list) gets <c>taskChanged</c>, a hint to re-read what they show, not the
/// data. Sent by the bus after the command's commit; a redelivery may send it twice. One handler type
/// per event: the bus names handlers by type.
/// </summary>
internal static class PushTaskChanges
{
    public const string Topic = "tasks";
    public const string Method = "taskChanged";

    /// <summary>What a task is linked to: <c>{ kind: "deal" | "company" | "contact", id }</c>.</summary>
    public sealed record Link(string Kind, Guid Id);

    /// <summary>
    /// The message: <c>{ taskId, change, responsibleId, previousResponsibleId, link, dueAt }</c>;
    /// <c>previousResponsibleId</c> only when reassigned, <c>link</c> null for a task on nothing.
    /// </summary>
    public sealed record TaskChanged(
        Guid TaskId, string Change, Guid ResponsibleId, Guid? PreviousResponsibleId, Link? Link, DateTimeOffset DueAt);

    private static ValueTask SendAsync(
        DbSession db, IRealtime realtime, TaskState task, string change, Guid? previousResponsibleId, CancellationToken ct)
    {
        var link = task.DealId is { } d ? new Link(LinkKinds.Deal, d)
            : task.CompanyId is { } c ? new Link(LinkKinds.Company, c)
            : task.ContactId is { } p ? new Link(LinkKinds.Contact, p)
            : null;
        var message = new TaskChanged(task.TaskId, change, task.ResponsibleId, previousResponsibleId, link, task.DueAt);
        // Pushed once the delivery has committed: a rolled-back delivery tells nobody to re-read.
        db.AfterCommit(() => new ValueTask(realtime.SendAsync(Topic, Method, message, CancellationToken.None)));
        return ValueTask.CompletedTask;
    }

    internal sealed class OnTaskCreated(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskCreated>
    {
        public ValueTask Handle(TaskCreated e, CancellationToken ct) => SendAsync(db, realtime, e.Task, "created", null, ct);
    }

    internal sealed class OnTaskUpdated(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskUpdated>
    {
        public ValueTask Handle(TaskUpdated e, CancellationToken ct) => SendAsync(db, realtime, e.Task, "updated", null, ct);
    }

    internal sealed class OnTaskRescheduled(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskRescheduled>
    {
        public ValueTask Handle(TaskRescheduled e, CancellationToken ct) => SendAsync(db, realtime, e.Task, "rescheduled", null, ct);
    }

    internal sealed class OnTaskReassigned(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskReassigned>
    {
        public ValueTask Handle(TaskReassigned e, CancellationToken ct) =>
            SendAsync(db, realtime, e.Task, "reassigned", e.FromResponsibleId, ct);
    }

    internal sealed class OnTaskCompleted(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskCompleted>
    {
        public ValueTask Handle(TaskCompleted e, CancellationToken ct) => SendAsync(db, realtime, e.Task, "completed", null, ct);
    }

    internal sealed class OnTaskDeleted(DbSession db, IRealtime realtime) : IIntegrationEventHandler<TaskDeleted>
    {
        public ValueTask Handle(TaskDeleted e, CancellationToken ct) => SendAsync(db, realtime, e.Task, "deleted", null, ct);
    }
}
