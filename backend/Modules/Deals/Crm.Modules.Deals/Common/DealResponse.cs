using System.Text.Json;

namespace Crm.Modules.Deals.Common;

/// <summary>A deal as the deal card shows it (the contract's <c>Deal</c>).</summary>
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
    string? CompanyName,
    string? ContactName,
    DateTimeOffset? Deadline,
    IReadOnlyDictionary<string, JsonElement> CustomFields,
    string? LossReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset StageEnteredAt,
    Guid CreatedBy,
    int Version);

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
    string? CompanyName,
    string? ContactName,
    DateTimeOffset? Deadline,
    string Custom,
    string? LossReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset StageEnteredAt,
    Guid CreatedBy,
    int Version)
{
    public const string Columns = """
        id as Id, number as Number, name as Name, pipeline_id as PipelineId, stage_id as StageId,
        budget as Budget, currency as Currency, goal as Goal, responsible_id as ResponsibleId,
        company_name as CompanyName, contact_name as ContactName, deadline as Deadline, custom::text as Custom,
        loss_reason as LossReason, created_at as CreatedAt, updated_at as UpdatedAt, closed_at as ClosedAt,
        stage_entered_at as StageEnteredAt, created_by as CreatedBy, version as Version
        """;

    public DealResponse ToResponse() => new(
        Id, Number, Name, PipelineId, StageId, Budget, Currency, Goal, ResponsibleId, CompanyName, ContactName, Deadline,
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Custom) ?? [],
        LossReason, CreatedAt, UpdatedAt, ClosedAt, StageEnteredAt, CreatedBy, Version);
}

/// <summary>A deal as a board column shows it (the contract's <c>Card</c>).</summary>
internal sealed record CardResponse(
    Guid Id,
    long Number,
    string Name,
    decimal? Budget,
    string Currency,
    string? CompanyName,
    string? ContactName,
    Guid ResponsibleId,
    DateTimeOffset StageEnteredAt,
    DateTimeOffset? Deadline,
    int Version)
{
    /// <summary>Selects a card from deals.deals aliased <c>d</c>.</summary>
    public const string Columns = """
        d.id as Id, d.number as Number, d.name as Name, d.budget as Budget, d.currency as Currency,
        d.company_name as CompanyName, d.contact_name as ContactName, d.responsible_id as ResponsibleId,
        d.stage_entered_at as StageEnteredAt, d.deadline as Deadline, d.version as Version
        """;
}
