using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Tasks.Contracts;

/// <summary>Where a task stands: still to do, done, or deleted (the values of <see cref="TaskState.Status"/>).</summary>
public static class TaskStatuses
{
    /// <summary>Not yet done: counted as open on its deal, company or contact; reminded of and noticed overdue.</summary>
    public const string Open = "open";

    /// <summary>Done, with a result (final: a completed task is never reopened; a merge may still move it).</summary>
    public const string Completed = "completed";

    /// <summary>Deleted by its author or an admin (final: Tasks keeps nothing of it).</summary>
    public const string Deleted = "deleted";
}

/// <summary>
/// A task as other modules copy it, as it is after the change an event tells of. Every task event
/// carries it: a consumer keeps its copy only when <paramref name="Version"/> is newer than the one
/// it has, so the order of delivery, a repeat or a replay changes nothing, and a completed or deleted
/// task never comes back open. At most one of <paramref name="DealId"/>, <paramref name="CompanyId"/>
/// and <paramref name="ContactId"/> is set (none for a task on nothing).
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="Version">The task's version after the change (tasks.tasks.version; every change of this state raises it, a deletion too).</param>
/// <param name="TypeId">Its type (call, meeting, ... or one the admin added).</param>
/// <param name="Text">What is to be done.</param>
/// <param name="DueAt">When it is due (UTC); an all-day task is due at the last second of its day in the responsible user's time zone.</param>
/// <param name="AllDay">Whether it is due on a day rather than at a time.</param>
/// <param name="ResponsibleId">The user who is to do it.</param>
/// <param name="DealId">The deal it is on, if any.</param>
/// <param name="CompanyId">The company it is on, if any.</param>
/// <param name="ContactId">The contact it is on, if any.</param>
/// <param name="Status">One of <see cref="TaskStatuses"/>: open, completed or deleted.</param>
public sealed record TaskState(
    Guid TaskId,
    int Version,
    Guid TypeId,
    string Text,
    DateTimeOffset DueAt,
    bool AllDay,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId,
    string Status);

/// <summary>A task was planned (by hand, as the next task when completing one, or by an .ics import).</summary>
public sealed record TaskCreated(TaskState Task, Guid CreatedBy) : IntegrationEvent, IStateEvent<TaskState>
{
    TaskState IStateEvent<TaskState>.State => Task;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>
/// A task's text, type, duration or link changed; its due time and responsible did not. Only an open
/// task is edited, but a merge of companies or contacts moves completed tasks too: then its state
/// says "completed", so a consumer never counts such a task as open.
/// </summary>
public sealed record TaskUpdated(TaskState Task, Guid UpdatedBy) : IntegrationEvent, IStateEvent<TaskState>
{
    TaskState IStateEvent<TaskState>.State => Task;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>
/// A task got another due time (it was <paramref name="PreviousDueAt"/>); its reminder and overdue
/// notice are armed again. When its responsible changed in the same edit, a TaskReassigned of the
/// same version follows.
/// </summary>
public sealed record TaskRescheduled(TaskState Task, DateTimeOffset PreviousDueAt, Guid RescheduledBy) : IntegrationEvent, IStateEvent<TaskState>
{
    TaskState IStateEvent<TaskState>.State => Task;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>A task got another responsible user (<see cref="TaskState.ResponsibleId"/>; it was <paramref name="FromResponsibleId"/>'s); its reminder is armed again.</summary>
public sealed record TaskReassigned(TaskState Task, Guid FromResponsibleId, Guid ReassignedBy) : IntegrationEvent, IStateEvent<TaskState>
{
    TaskState IStateEvent<TaskState>.State => Task;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>
/// A task was done at <paramref name="CompletedAt"/>, with its result. When the next task was planned
/// in the same request, <paramref name="NextTaskId"/> names it (its TaskCreated comes in the same transaction).
/// </summary>
public sealed record TaskCompleted(TaskState Task, string Result, DateTimeOffset CompletedAt, Guid? NextTaskId, Guid CompletedBy)
    : IntegrationEvent, IStateEvent<TaskState>
{
    TaskState IStateEvent<TaskState>.State => Task;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>
/// A task was deleted (by its author or an admin; hard: Tasks keeps nothing of it). Its state is the
/// last one it had, "deleted", one version on; <paramref name="WasOpen"/> when it was not completed.
/// </summary>
public sealed record TaskDeleted(TaskState Task, bool WasOpen, Guid DeletedBy) : IntegrationEvent, IStateEvent<TaskState>
{
    TaskState IStateEvent<TaskState>.State => Task;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>
/// It is time to remind the responsible user of an open task: its due time minus their lead time
/// (09:00 of the day for an all-day task). Raised once per due time, whatever the number of app
/// instances. Not a change: it carries the task's current state and version, so a consumer taking it
/// keeps what it has; by the time it is delivered the task may have changed. Messaging keeps it as the
/// user's notification (the bell).
/// </summary>
[Notice]
public sealed record TaskReminderDue(TaskState Task) : IntegrationEvent
{
    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>
/// An open task's due time has passed. Raised once per due time, whatever the number of app
/// instances. Not a change: it carries the task's current state and version, like TaskReminderDue.
/// </summary>
[Notice]
public sealed record TaskOverdue(TaskState Task) : IntegrationEvent
{
    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}

/// <summary>
/// A task's current state, published again on request (TasksModule.RepublishAsync) for a module added
/// later or a copy being rebuilt; nothing changed. Handled like any other task event: a copy that
/// already has this version keeps it. Deleted tasks are gone from Tasks and are not republished.
/// </summary>
public sealed record TaskRepublished(TaskState Task) : IntegrationEvent, IStateEvent<TaskState>
{
    TaskState IStateEvent<TaskState>.State => Task;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Task.TaskId, Task.Version);
}
