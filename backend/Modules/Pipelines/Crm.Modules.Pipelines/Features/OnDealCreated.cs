using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Model;

namespace Crm.Modules.Pipelines.Features;

/// <summary>A new deal stands in its stage: one more deal there.</summary>
internal sealed class OnDealCreated(DbSession db) : IIntegrationEventHandler<DealCreated>
{
    public async ValueTask Handle(DealCreated integrationEvent, CancellationToken ct) =>
        await StageOccupancy.ChangeAsync(db, ct, (integrationEvent.StageId, +1));
}
