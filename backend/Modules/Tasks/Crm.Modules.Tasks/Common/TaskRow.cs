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
}

/// <summary>What a task may be linked to.</summary>
internal static class LinkKinds
{
    public const string Deal = "deal";
    public const string Company = "company";
    public const string Contact = "contact";

    public static readonly IReadOnlyList<string> All = [Deal, Company, Contact];
}
