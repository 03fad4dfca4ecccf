using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Model;

namespace Crm.Modules.Pipelines.Features;

/// <summary>A deal moved: one deal less in the stage it left, one more in the stage it entered.</summary>
internal sealed class OnDealStageChanged(DbSession db) : IIntegrationEventHandler<DealStageChanged>
{
    public async ValueTask Handle(DealStageChanged integrationEvent, CancellationToken ct)
    {
        if (integrationEvent.FromStageId != integrationEvent.ToStageId)
        {
            await StageOccupancy.ChangeAsync(db, ct, (integrationEvent.FromStageId, -1), (integrationEvent.ToStageId, +1));
        }
    }
}
