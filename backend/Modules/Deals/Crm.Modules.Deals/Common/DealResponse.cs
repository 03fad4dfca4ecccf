using System.Data;
using System.Text.Json;
using Crm.BuildingBlocks.Tables;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>A deal as the deal card shows it (the contract's <c>Deal</c>), with its open task count and nearest due time, and its tags.</summary>
internal sealed record DealResponse(
    Guid Id,
    long Number,
    string Name,
    Guid PipelineId,
    Guid StageId,
    decimal? Budget,
    string Currency,
    string? Goal,
    Guid ResponsibleId,
    Guid? CompanyId,
    string? CompanyName,
    IReadOnlyList<DealContactResponse> Contacts,
    DateTimeOffset? Deadline,
    IReadOnlyDictionary<string, JsonElement> CustomFields,
    string? LossReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset StageEnteredAt,
    Guid CreatedBy,
    int Version,
    int OpenTaskCount,
    DateTimeOffset? NextTaskDue,
    IReadOnlyList<Tags.Tag> Tags);

/// <summary>One of a deal's contacts (the contract's <c>DealContact</c>); the id is null only for a name typed before the Lists.</summary>
internal sealed record DealContactResponse(Guid? ContactId, string Name, bool IsMain);

/// <summary>A row of deals.deals as the slices read it; <see cref="Columns"/> selects it.</summary>
internal sealed record DealRow(
    Guid Id,
    long Number,
    string Name,
    Guid PipelineId,
    Guid StageId,
    decimal? Budget,
    string Currency,
    string? Goal,
    Guid ResponsibleId,
    Guid? CompanyId,
    string? CompanyName,
    Guid? ContactId,
    string? ContactName,
    DateTimeOffset? Deadline,
    string Custom,
    string? LossReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset StageEnteredAt,
    Guid CreatedBy,
    int Version,
    int OpenTaskCount,
    DateTimeOffset? NextTaskDue)
{
    public const string Columns = """
        id as Id, number as Number, name as Name, pipeline_id as PipelineId, stage_id as StageId,
        budget as Budget, currency as Currency, goal as Goal, responsible_id as ResponsibleId,
        company_id as CompanyId, company_name as CompanyName, contact_id as ContactId, contact_name as ContactName,
        deadline as Deadline, custom::text as Custom,
        loss_reason as LossReason, created_at as CreatedAt, updated_at as UpdatedAt, closed_at as ClosedAt,
        stage_entered_at as StageEnteredAt, created_by as CreatedBy, version as Version,
        open_task_count as OpenTaskCount, next_task_due as NextTaskDue
        """;

    /// <summary>The deal with its contacts, in the order they were given.</summary>
    public async Task<DealResponse> ToResponseAsync(IDbConnection conn)
    {
        var contacts = (await conn.QueryAsync<DealContactResponse>(
            """
            select contact_id as ContactId, name as Name, is_main as IsMain
            from deals.deal_contacts where deal_id = @Id order by position
            """,
            new { Id })).AsList();
        if (contacts.Count == 0 && ContactId is null && ContactName is not null)
        {
            // Typed before the Lists existed: shown, not linked; saving it back creates it in the Lists.
            contacts = [new DealContactResponse(null, ContactName, true)];
        }
        return new(
            Id, Number, Name, PipelineId, StageId, Budget, Currency, Goal, ResponsibleId, CompanyId, CompanyName, contacts, Deadline,
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Custom) ?? [],
            LossReason, CreatedAt, UpdatedAt, ClosedAt, StageEnteredAt, CreatedBy, Version, OpenTaskCount, NextTaskDue,
            await DealTags.OfAsync(conn, Id));
    }
}

/// <summary>
/// A deal as a board column shows it (the contract's <c>Card</c>): its company and main contact, and
/// its task facts: how many open tasks it has and when the nearest is due (before now: overdue; no
/// task at all: the card warns).
/// </summary>
internal sealed record CardResponse(
    Guid Id,
    long Number,
    string Name,
    decimal? Budget,
    string Currency,
    Guid? CompanyId,
    string? CompanyName,
    Guid? ContactId,
    string? ContactName,
    Guid ResponsibleId,
    DateTimeOffset StageEnteredAt,
    DateTimeOffset? Deadline,
    int Version,
    int OpenTaskCount,
    DateTimeOffset? NextTaskDue)
{
    /// <summary>Selects a card from deals.deals aliased <c>d</c>.</summary>
    public const string Columns = """
        d.id as Id, d.number as Number, d.name as Name, d.budget as Budget, d.currency as Currency,
        d.company_id as CompanyId, d.company_name as CompanyName, d.contact_id as ContactId, d.contact_name as ContactName,
        d.responsible_id as ResponsibleId, d.stage_entered_at as StageEnteredAt, d.deadline as Deadline, d.version as Version,
        d.open_task_count as OpenTaskCount, d.next_task_due as NextTaskDue
        """;
}
