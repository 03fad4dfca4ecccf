using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Tasks.Contracts;

// Every task event says what the task is linked to: at most one of DealId, CompanyId and ContactId
// is set (none for a task on nothing). Events carry the task's state after the change and its
// Version, so a subscriber that keeps a row per task (Deals: open tasks per deal) can ignore an
// older event arriving after a newer one. DueAt is an instant (UTC); an all-day task is due at the
// last second of its day in the responsible user's time zone.

/// <summary>A task was planned (by hand, as the next task when completing one, or by an .ics import).</summary>
public sealed record TaskCreated(
    Guid TaskId,
    Guid TypeId,
    string Text,
    DateTimeOffset DueAt,
    bool AllDay,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId,
    Guid CreatedBy,
    int Version) : IntegrationEvent;

/// <summary>
/// A task's text, type, duration or link changed; its due time and responsible did not. Only an open
/// task is edited, but a merge of companies or contacts moves completed tasks too:
/// <paramref name="Completed"/> says which, so a subscriber never counts such a task as open.
/// </summary>
public sealed record TaskUpdated(
    Guid TaskId,
    Guid TypeId,
    string Text,
    DateTimeOffset DueAt,
    bool AllDay,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId,
    bool Completed,
    Guid UpdatedBy,
    int Version) : IntegrationEvent;

/// <summary>A task got another due time; its reminder and overdue notice are armed again.</summary>
public sealed record TaskRescheduled(
    Guid TaskId,
    DateTimeOffset PreviousDueAt,
    DateTimeOffset DueAt,
    bool AllDay,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId,
    Guid RescheduledBy,
    int Version) : IntegrationEvent;

/// <summary>A task got another responsible user.</summary>
public sealed record TaskReassigned(
    Guid TaskId,
    Guid FromResponsibleId,
    Guid ToResponsibleId,
    DateTimeOffset DueAt,
    bool AllDay,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId,
    Guid ReassignedBy,
    int Version) : IntegrationEvent;

/// <summary>
/// A task was done, with its result. When the next task was planned in the same request,
/// <paramref name="NextTaskId"/> names it (its TaskCreated comes in the same transaction).
/// </summary>
public sealed record TaskCompleted(
    Guid TaskId,
    string Result,
    DateTimeOffset DueAt,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId,
    Guid CompletedBy,
    DateTimeOffset CompletedAt,
    Guid? NextTaskId,
    int Version) : IntegrationEvent;

/// <summary>A task was deleted (by its author or an admin); <paramref name="WasOpen"/> when it was not completed.</summary>
public sealed record TaskDeleted(
    Guid TaskId,
    bool WasOpen,
    DateTimeOffset DueAt,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId,
    Guid DeletedBy) : IntegrationEvent;

/// <summary>
/// It is time to remind the responsible user of an open task: its due time minus their lead time
/// (09:00 of the day for an all-day task). Raised once per due time, whatever the number of app instances.
/// </summary>
public sealed record TaskReminderDue(
    Guid TaskId,
    string Text,
    DateTimeOffset DueAt,
    bool AllDay,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId) : IntegrationEvent;

/// <summary>An open task's due time has passed. Raised once per due time, whatever the number of app instances.</summary>
public sealed record TaskOverdue(
    Guid TaskId,
    string Text,
    DateTimeOffset DueAt,
    bool AllDay,
    Guid ResponsibleId,
    Guid? DealId,
    Guid? CompanyId,
    Guid? ContactId) : IntegrationEvent;
