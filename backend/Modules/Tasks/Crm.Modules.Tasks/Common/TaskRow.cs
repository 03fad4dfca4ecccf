using Crm.Modules.Tasks.Contracts;

namespace Crm.Modules.Tasks.Common;

/// <summary>A row of tasks.tasks as the commands read it.</summary>
internal sealed record TaskRow(
    Guid Id,
    Guid TypeId,
    string Text,
    DateTimeOffset DueAt,
    bool AllDay,
    DateOnly? DueDate,
    int? DurationMinutes,
    Guid ResponsibleId,
    string? LinkKind,
    Guid? LinkId,
    Guid AuthorId,
    DateTimeOffset? CompletedAt,
    Guid? CompletedBy,
    string? Result,
    int Version)
{
    public const string Columns =
        """
        id as Id, type_id as TypeId, text as Text, due_at as DueAt, all_day as AllDay, due_date as DueDate,
        duration_minutes as DurationMinutes, responsible_id as ResponsibleId, link_kind as LinkKind, link_id as LinkId,
        author_id as AuthorId, completed_at as CompletedAt, completed_by as CompletedBy, result as Result, version as Version
        """;

    public bool IsOpen => CompletedAt is null;

    public Guid? DealId => LinkKind == LinkKinds.Deal ? LinkId : null;

    public Guid? CompanyId => LinkKind == LinkKinds.Company ? LinkId : null;

    public Guid? ContactId => LinkKind == LinkKinds.Contact ? LinkId : null;

    /// <summary>
    /// The state its events carry: read from the row after the change in the change's own transaction,
    /// so the version and the fields always match. A deleted task's is its last row's, marked deleted one version on.
    /// </summary>
    public TaskState ToState() => new(
        Id, Version, TypeId, Text, DueAt, AllDay, ResponsibleId, DealId, CompanyId, ContactId,
        IsOpen ? TaskStatuses.Open : TaskStatuses.Completed);
}

/// <summary>What a task may be linked to.</summary>
internal static class LinkKinds
{
    public const string Deal = "deal";
    public const string Company = "company";
    public const string Contact = "contact";

    public static readonly IReadOnlyList<string> All = [Deal, Company, Contact];

    /// <summary>Tasks' copy of the records of a kind: tasks.deals, tasks.companies or tasks.contacts.</summary>
    public static string CopyTable(string kind) => kind switch
    {
        Deal => "tasks.deals",
        Company => "tasks.companies",
        Contact => "tasks.contacts",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A task links a deal, a company or a contact."),
    };
}
