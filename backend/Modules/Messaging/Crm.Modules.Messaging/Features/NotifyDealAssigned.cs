using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Messaging.Common;
using Dapper;

namespace Crm.Modules.Messaging.Features;

/// <summary>A manager given a deal by a colleague is notified, with a link to it (not when they took it themselves).</summary>
internal sealed class NotifyDealAssigned(DbSession db, Notifications notifications) : IIntegrationEventHandler<DealAssigned>
{
    public async ValueTask Handle(DealAssigned assigned, CancellationToken ct)
    {
        var deal = assigned.Deal;
        if (assigned.AssignedBy == deal.ResponsibleId)
        {
            return;
        }
        var by = await (await db.ConnectionAsync(ct)).ExecuteScalarAsync<string?>(new CommandDefinition(
            "select display_name from messaging.users where id = @AssignedBy", new { assigned.AssignedBy }, cancellationToken: ct));
        await notifications.AddAsync(
            deal.ResponsibleId,
            NotificationKinds.DealAssigned,
            $"dealAssigned:{assigned.Id}",
            FeedKinds.Deal,
            deal.DealId,
            new { dealName = deal.Name, budget = deal.Budget, currency = deal.Currency, byId = assigned.AssignedBy, byName = by },
            ct);
    }
}
