using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Model;

namespace Crm.Modules.Pipelines.Features;

/// <summary>A deleted deal leaves its stage: one deal less there.</summary>
internal sealed class OnDealDeleted(DbSession db) : IIntegrationEventHandler<DealDeleted>
{
    public async ValueTask Handle(DealDeleted integrationEvent, CancellationToken ct) =>
        await StageOccupancy.ChangeAsync(db, ct, (integrationEvent.StageId, -1));
}
