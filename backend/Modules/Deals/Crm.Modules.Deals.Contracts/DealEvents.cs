using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Deals.Contracts;

/// <summary>A deal was created (quick add on the board, the full form, or later an accepted request).</summary>
public sealed record DealCreated(
    Guid DealId,
    long Number,
    string Name,
    Guid PipelineId,
    Guid StageId,
    decimal? Budget,
    string Currency,
    Guid ResponsibleId,
    Guid CreatedBy,
    Guid? CompanyId,
    IReadOnlyList<Guid> ContactIds) : IntegrationEvent;

/// <summary>A deal's own fields changed (name, budget, goal, deadline, company and contacts, custom fields); carries the company and contacts it now has.</summary>
public sealed record DealUpdated(
    Guid DealId,
    string Name,
    Guid PipelineId,
    Guid StageId,
    decimal? Budget,
    string Currency,
    Guid UpdatedBy,
    Guid? CompanyId,
    IReadOnlyList<Guid> ContactIds) : IntegrationEvent;

/// <summary>A deal moved from one stage to another (within its pipeline); reports are built on these.</summary>
public sealed record DealStageChanged(
    Guid DealId,
    Guid PipelineId,
    Guid FromStageId,
    Guid ToStageId,
    Guid ChangedBy) : IntegrationEvent;

/// <summary>A deal got another responsible user.</summary>
public sealed record DealAssigned(Guid DealId, Guid FromResponsibleId, Guid ToResponsibleId, Guid AssignedBy) : IntegrationEvent;

/// <summary>A deal was won (it now stands in its pipeline's won stage; a DealStageChanged precedes this).</summary>
public sealed record DealWon(Guid DealId, Guid PipelineId, Guid StageId, decimal? Budget, string Currency, Guid ResponsibleId) : IntegrationEvent;

/// <summary>A deal was lost, with the reason (it now stands in its pipeline's lost stage).</summary>
public sealed record DealLost(Guid DealId, Guid PipelineId, Guid StageId, string Reason, Guid ResponsibleId) : IntegrationEvent;

/// <summary>An admin deleted a deal (soft: it leaves boards, counts and reports).</summary>
public sealed record DealDeleted(Guid DealId, Guid PipelineId, Guid StageId, Guid DeletedBy) : IntegrationEvent;

/// <summary>
/// A company not yet in the Lists was typed into a deal (quick add or the card). The deal already
/// refers to it by <paramref name="CompanyId"/>; Directory creates the company with that id.
/// Published in the same transaction as the deal's DealCreated or DealUpdated.
/// </summary>
public sealed record DealCompanyEntered(Guid DealId, Guid CompanyId, string Name, Guid ResponsibleId, Guid EnteredBy) : IntegrationEvent;

/// <summary>
/// A contact not yet in the Lists was typed into a deal, with what was known of it: the phone in
/// E.164 and the e-mail in lower case, both already validated. The deal already refers to it by
/// <paramref name="ContactId"/>; Directory creates the contact with that id, in the deal's company
/// (<paramref name="CompanyId"/>, possibly entered in the same request: its DealCompanyEntered comes first).
/// </summary>
public sealed record DealContactEntered(
    Guid DealId, Guid ContactId, string FullName, string? Phone, string? Email, Guid? CompanyId, Guid ResponsibleId, Guid EnteredBy)
    : IntegrationEvent;
