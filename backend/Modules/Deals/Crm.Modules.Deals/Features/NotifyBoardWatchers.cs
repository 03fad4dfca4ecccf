using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Realtime;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Live boards: after each change of a deal, everyone watching its pipeline ("pipeline:{id}")
/// gets <c>dealChanged</c> with the card as it is now (null once deleted). Sent after the
/// command's commit, by the bus; a redelivery may send it twice, which a board shrugs off.
/// One handler type per event: the bus names handlers by type.
/// </summary>
internal static class NotifyBoardWatchers
{
    private static ValueTask SendAsync(
        DbSession db, IRealtime realtime, Guid dealId, string change, CancellationToken ct, Guid? fromStageId = null) =>
        LiveBoard.SendAsync(db, realtime, dealId, change, ct, fromStageId);

    internal sealed class OnDealCreated(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealCreated>
    {
        public ValueTask Handle(DealCreated e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "created", ct);
    }

    internal sealed class OnDealUpdated(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealUpdated>
    {
        public ValueTask Handle(DealUpdated e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "updated", ct);
    }

    internal sealed class OnDealStageChanged(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealStageChanged>
    {
        public ValueTask Handle(DealStageChanged e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "moved", ct, e.FromStageId);
    }

    internal sealed class OnDealAssigned(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealAssigned>
    {
        public ValueTask Handle(DealAssigned e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "assigned", ct);
    }

    internal sealed class OnDealWon(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealWon>
    {
        public ValueTask Handle(DealWon e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "won", ct);
    }

    internal sealed class OnDealLost(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealLost>
    {
        public ValueTask Handle(DealLost e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "lost", ct);
    }

    internal sealed class OnDealDeleted(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealDeleted>
    {
        public ValueTask Handle(DealDeleted e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "deleted", ct);
    }
}
