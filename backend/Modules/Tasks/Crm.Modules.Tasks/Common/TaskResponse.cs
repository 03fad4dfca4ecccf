using System.Data;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Tasks.Common;

/// <summary>The record a task is linked to, with its name as Tasks last heard it.</summary>
internal sealed record LinkResponse(string Kind, Guid Id, string? Name);

/// <summary>A task as the API shows it (the list, the card, the answer to a change).</summary>
internal sealed record TaskResponse(
    Guid Id,
    Guid TypeId,
    string TypeName,
    string Text,
    DateTimeOffset DueAt,
    bool AllDay,
    DateOnly? DueDate,
    int? DurationMinutes,
    Guid ResponsibleId,
    LinkResponse? Link,
    string Status,
    bool Overdue,
    string? Result,
    DateTimeOffset? CompletedAt,
    Guid? CompletedBy,
    Guid AuthorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

/// <summary>Reads tasks with their type and link names: the one query behind every TaskResponse.</summary>
internal static class TaskReader
{
    /// <summary>Select list and joins; add a where clause on <c>t.</c>.</summary>
    public const string Select = $"{Columns} from tasks.tasks t {Joins}";

    /// <summary>
    /// The same over <paramref name="tasks"/>, a query of whole tasks.tasks rows (a page: where, order, limit), so
    /// the names are joined to its rows only; order the result again. <paramref name="more"/>: columns after the row's.
    /// </summary>
    public static string SelectFrom(string tasks, string? more = null) => $"{Columns}{(more is null ? "" : ", " + more)} from ({tasks}) t {Joins}";

    private const string Columns =
        """
        select t.id as Id, t.type_id as TypeId, ty.name_ru as TypeNameRu, ty.name_en as TypeNameEn, t.text as Text,
               t.due_at as DueAt, t.all_day as AllDay, t.due_date as DueDate, t.duration_minutes as DurationMinutes,
               t.responsible_id as ResponsibleId, t.link_kind as LinkKind, t.link_id as LinkId,
               coalesce(d.name, co.name, ct.name) as LinkName,
               t.result as Result, t.completed_at as CompletedAt, t.completed_by as CompletedBy,
               t.author_id as AuthorId, t.created_at as CreatedAt, t.updated_at as UpdatedAt, t.version as Version
        """;

    private const string Joins =
        """
        join tasks.task_types ty on ty.id = t.type_id
        left join tasks.deals d on t.link_kind = 'deal' and d.id = t.link_id
        left join tasks.companies co on t.link_kind = 'company' and co.id = t.link_id
        left join tasks.contacts ct on t.link_kind = 'contact' and ct.id = t.link_id
        """;

    internal sealed record Row(
        Guid Id, Guid TypeId, string TypeNameRu, string TypeNameEn, string Text, DateTimeOffset DueAt, bool AllDay,
        DateOnly? DueDate, int? DurationMinutes, Guid ResponsibleId, string? LinkKind, Guid? LinkId, string? LinkName,
        string? Result, DateTimeOffset? CompletedAt, Guid? CompletedBy, Guid AuthorId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
    {
        public TaskResponse ToResponse(DateTimeOffset now) => new(
            Id, TypeId, T.Pick(TypeNameRu, TypeNameEn), Text, DueAt, AllDay,
            DueDate, DurationMinutes, ResponsibleId,
            LinkKind is null ? null : new LinkResponse(LinkKind, LinkId!.Value, LinkName),
            CompletedAt is null ? "open" : "completed",
            CompletedAt is null && DueAt < now,
            Result, CompletedAt, CompletedBy, AuthorId, CreatedAt, UpdatedAt, Version);
    }

    public static async Task<TaskResponse?> ByIdAsync(IDbConnection conn, Guid id, DateTimeOffset now)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>($"{Select} where t.id = @id", new { id });
        return row?.ToResponse(now);
    }
}
