using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Deals.Contracts;

/// <summary>What a deal is in: still worked on, closed as won or lost, or deleted (the values of <see cref="DealState.Status"/>).</summary>
public static class DealStatuses
{
    /// <summary>In an unsorted or open stage: worked on (also after a reopen from won or lost).</summary>
    public const string Open = "open";

    /// <summary>In its pipeline's won stage.</summary>
    public const string Won = "won";

    /// <summary>In its pipeline's lost stage.</summary>
    public const string Lost = "lost";

    /// <summary>Deleted by an admin (soft): it leaves boards, counts and reports; final.</summary>
    public const string Deleted = "deleted";
}

/// <summary>
/// A deal as other modules copy it, as it is after the change an event tells of. Every deal event
/// carries it: a consumer keeps its copy only when <paramref name="Version"/> is newer than the one
/// it has, so the order of delivery, a repeat or a replay changes nothing, and a reopen is just a
/// newer state whose <paramref name="Status"/> is "open".
/// </summary>
/// <param name="DealId">The deal.</param>
/// <param name="Version">The deal's version after the change (deals.deals.version; every change of this state raises it).</param>
/// <param name="Number">Its number ("Сделка #N").</param>
/// <param name="Name">Its name.</param>
/// <param name="PipelineId">The pipeline it is on.</param>
/// <param name="StageId">The stage it stands in.</param>
/// <param name="Status">One of <see cref="DealStatuses"/>: open, won, lost or deleted.</param>
/// <param name="Budget">Its budget, if any, in <paramref name="Currency"/>.</param>
/// <param name="Currency">The budget's ISO 4217 code.</param>
/// <param name="ResponsibleId">The user responsible for it.</param>
/// <param name="CompanyId">Its company in the Lists, if any.</param>
/// <param name="ContactIds">Its contacts in the Lists, the main one first.</param>
/// <param name="TagIds">Its tags («Теги»: ids of Deals' own catalog, GET /api/deals/tags), in the order given; null in states published before tags existed.</param>
public sealed record DealState(
    Guid DealId,
    int Version,
    long Number,
    string Name,
    Guid PipelineId,
    Guid StageId,
    string Status,
    decimal? Budget,
    string Currency,
    Guid ResponsibleId,
    Guid? CompanyId,
    IReadOnlyList<Guid> ContactIds,
    IReadOnlyList<Guid>? TagIds = null);

/// <summary>A deal was created (quick add on the board, the full form, or later an accepted request).</summary>
public sealed record DealCreated(DealState Deal, Guid CreatedBy) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>A deal's own fields changed (name, budget, goal, deadline, company and contacts, custom fields), by a user or because its company or contact was merged or deleted in the Lists.</summary>
public sealed record DealUpdated(DealState Deal, Guid UpdatedBy) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>
/// A deal moved from <paramref name="FromStageId"/> to <see cref="DealState.StageId"/> (within its pipeline);
/// reports are built on these. Won and lost are moves too (followed by DealWon or DealLost), and a
/// move from won or lost back to an open stage is a reopen: its state says "open".
/// </summary>
public sealed record DealStageChanged(DealState Deal, Guid FromStageId, Guid ChangedBy) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>A deal got another responsible user (<see cref="DealState.ResponsibleId"/>; it was <paramref name="FromResponsibleId"/>'s).</summary>
public sealed record DealAssigned(DealState Deal, Guid FromResponsibleId, Guid AssignedBy) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>A deal was won: it now stands in its pipeline's won stage (the DealStageChanged of the same version precedes this).</summary>
public sealed record DealWon(DealState Deal, Guid WonBy) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>A deal was lost, with the reason: it now stands in its pipeline's lost stage (the DealStageChanged of the same version precedes this).</summary>
public sealed record DealLost(DealState Deal, string Reason, Guid LostBy) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>An admin deleted a deal (soft: it leaves boards, counts and reports; its state says "deleted", for good).</summary>
public sealed record DealDeleted(DealState Deal, Guid DeletedBy) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>
/// A deal's current state, published again on request (DealsModule.RepublishAsync) for a module
/// added later or a copy being rebuilt; nothing changed. Handled like any other deal event: a copy
/// that already has this version keeps it.
/// </summary>
public sealed record DealRepublished(DealState Deal) : IntegrationEvent, IStateEvent<DealState>
{
    DealState IStateEvent<DealState>.State => Deal;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Deal.DealId, Deal.Version);
}

/// <summary>
/// Deals' answer to a stage's removal request (Pipelines' StageRemovalRequested): no deal stands in
/// stage <paramref name="StageId"/>, and none may enter it any more (Deals decided it with its copy
/// of the stage locked, so no deal slipped in meanwhile). Pipelines removes the stage.
/// </summary>
/// <param name="PipelineId">The stage's pipeline.</param>
/// <param name="StageId">The stage.</param>
/// <param name="RemovalRequest">The request answered (<c>StageState.RemovalRequest</c>).</param>
public sealed record StageVacated(Guid PipelineId, Guid StageId, int RemovalRequest) : IntegrationEvent
{
    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(PipelineId, RemovalRequest);
}

/// <summary>
/// Deals' answer to a stage's removal request: <paramref name="DealCount"/> deals (not deleted) stand
/// in stage <paramref name="StageId"/>, so it stays, and deals may enter it again. Pipelines keeps the stage.
/// </summary>
/// <param name="PipelineId">The stage's pipeline.</param>
/// <param name="StageId">The stage.</param>
/// <param name="RemovalRequest">The request answered (<c>StageState.RemovalRequest</c>).</param>
/// <param name="DealCount">How many deals stand in the stage.</param>
public sealed record StageRemovalRefused(Guid PipelineId, Guid StageId, int RemovalRequest, int DealCount) : IntegrationEvent
{
    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(PipelineId, RemovalRequest);
}

/// <summary>
/// A batch of deals imported from a file (<c>/api/deals/imports</c>): each deal (already told of by its
/// <see cref="DealCreated"/>) with the client its row named. The Lists own clients: Directory files them by its
/// rules and tells what it filed; Deals links that to the deals. Deals whose row named no client are left out.
/// One per batch: its aggregate is the import, its version the batch's first row (rising through the import).
/// </summary>
/// <param name="ImportId">The import.</param>
/// <param name="FirstRow">The batch's first row (of the rows counted, from 1).</param>
/// <param name="ImportedBy">Who ran the import.</param>
/// <param name="Deals">The batch's deals that name a client.</param>
public sealed record DealsImported(Guid ImportId, int FirstRow, Guid ImportedBy, IReadOnlyList<ImportedClientState> Deals) : IntegrationEvent
{
    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(ImportId, FirstRow);
}

/// <summary>The state of an imported deal's client as its row named it (carried by <see cref="DealsImported"/>; no event of its own) (phones E.164, e-mails normalised, as Deals read them).</summary>
/// <param name="DealId">The deal.</param>
/// <param name="ResponsibleId">Its responsible: what is added to the Lists for it is theirs.</param>
/// <param name="CompanyName">The company's name, if the row named one.</param>
/// <param name="ContactName">The contact's name, if the row named one.</param>
/// <param name="Phones">The contact's phones.</param>
/// <param name="Emails">The contact's e-mails.</param>
public sealed record ImportedClientState(
    Guid DealId, Guid ResponsibleId, string? CompanyName, string? ContactName, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);
