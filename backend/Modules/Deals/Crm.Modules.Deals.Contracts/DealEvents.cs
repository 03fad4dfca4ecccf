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
    Guid CreatedBy) : IntegrationEvent;

/// <summary>A deal's own fields changed (name, budget, goal, deadline, company/contact, custom fields).</summary>
public sealed record DealUpdated(
    Guid DealId,
    string Name,
    Guid PipelineId,
    Guid StageId,
    decimal? Budget,
    string Currency,
    Guid UpdatedBy) : IntegrationEvent;

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
