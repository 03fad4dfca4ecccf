using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Messaging.Common;
using Crm.Modules.Tasks.Contracts;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Tasks in the feed of the deal, company or contact they are on, from every event that carries Tasks'
/// <see cref="TaskState"/>: a task planned (what, when, for whom), completed with its result, rescheduled
/// (from → to), given to another manager. A task on nothing is in no feed.
/// </summary>
internal sealed class TellTaskStory(SystemEntries entries) : IStateHandler<TaskState>
{
    public async ValueTask Handle(TaskState task, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var (kind, subject) = task switch
        {
            { DealId: { } deal } => (FeedKinds.Deal, deal),
            { CompanyId: { } company } => (FeedKinds.Company, company),
            { ContactId: { } contact } => (FeedKinds.Contact, contact),
            _ => (null, Guid.Empty),
        };
        if (kind is null)
        {
            return;
        }
        var told = integrationEvent switch
        {
            TaskCreated created => (FeedTypes.TaskCreated, created.CreatedBy, Data(task, new { })),
            TaskCompleted completed => (FeedTypes.TaskCompleted, completed.CompletedBy, Data(task, new { result = completed.Result })),
            TaskRescheduled rescheduled => (FeedTypes.TaskRescheduled, rescheduled.RescheduledBy, Data(task, new { fromDueAt = rescheduled.PreviousDueAt })),
            TaskReassigned reassigned => (FeedTypes.TaskReassigned, reassigned.ReassignedBy, Data(task, new { fromUserId = reassigned.FromResponsibleId })),
            _ => ((string Type, Guid By, Dictionary<string, object?> Data)?)null,
        };
        if (told is var (type, by, data))
        {
            await entries.AddAsync(integrationEvent, kind, subject, type, by, data, ct);
        }
    }

    /// <summary>What every task entry says (the task, its text, due time, whether all day, who does it) and the event's own.</summary>
    private static Dictionary<string, object?> Data(TaskState task, object extra)
    {
        var data = new Dictionary<string, object?>
        {
            ["taskId"] = task.TaskId,
            ["text"] = task.Text,
            ["dueAt"] = task.DueAt,
            ["allDay"] = task.AllDay,
            ["responsibleId"] = task.ResponsibleId,
        };
        foreach (var property in extra.GetType().GetProperties())
        {
            data[property.Name] = property.GetValue(extra);
        }
        return data;
    }
}
