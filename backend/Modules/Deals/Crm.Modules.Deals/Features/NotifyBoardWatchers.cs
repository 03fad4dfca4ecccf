using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Realtime;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Live boards: after each change of a deal, everyone watching its pipeline ("pipeline:{id}")
/// gets <c>dealChanged</c> with the card as it is now (null once the state says deleted). Sent after
/// the command's commit, by the bus; a redelivery may send it twice, which a board shrugs off. One
/// handler of every deal event, so it sees one deal's events in order. A replay pushes nothing:
/// nothing changed.
/// </summary>
internal sealed class NotifyBoardWatchers(DbSession db, IRealtime realtime) :
    IIntegrationEventHandler<DealCreated>,
    IIntegrationEventHandler<DealUpdated>,
    IIntegrationEventHandler<DealStageChanged>,
    IIntegrationEventHandler<DealAssigned>,
    IIntegrationEventHandler<DealWon>,
    IIntegrationEventHandler<DealLost>,
    IIntegrationEventHandler<DealDeleted>
{
    public ValueTask Handle(DealCreated e, CancellationToken ct) => SendAsync(e.Deal, "created", ct);

    public ValueTask Handle(DealUpdated e, CancellationToken ct) => SendAsync(e.Deal, "updated", ct);

    public ValueTask Handle(DealStageChanged e, CancellationToken ct) => SendAsync(e.Deal, "moved", ct, e.FromStageId);

    public ValueTask Handle(DealAssigned e, CancellationToken ct) => SendAsync(e.Deal, "assigned", ct);

    public ValueTask Handle(DealWon e, CancellationToken ct) => SendAsync(e.Deal, "won", ct);

    public ValueTask Handle(DealLost e, CancellationToken ct) => SendAsync(e.Deal, "lost", ct);

    public ValueTask Handle(DealDeleted e, CancellationToken ct) => SendAsync(e.Deal, "deleted", ct);

    private ValueTask SendAsync(DealState deal, string change, CancellationToken ct, Guid? fromStageId = null) =>
        LiveBoard.SendAsync(db, realtime, deal.DealId, deal.Status == DealStatuses.Deleted ? "deleted" : change, ct, fromStageId);
}
