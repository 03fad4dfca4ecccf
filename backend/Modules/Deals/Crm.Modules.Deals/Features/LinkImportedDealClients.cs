using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Directory has filed the clients of a batch of imported deals (<see cref="DealClientsFiled"/>): each deal is linked
/// to its contact and company (<see cref="FiledClients"/>: unless it has others by now), and a DealUpdated told for
/// each deal that changed, in one outbox write.
/// </summary>
internal sealed class LinkImportedDealClients(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<DealClientsFiled>
{
    public async ValueTask Handle(DealClientsFiled filed, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        var changed = new List<Guid>();
        foreach (var deal in filed.Deals)
        {
            if (await FiledClients.LinkAsync(conn, deal.DealId, deal.Contact, deal.Company, now, ct))
            {
                changed.Add(deal.DealId);
            }
        }
        var states = await DealStates.ReadManyAsync(conn, changed);
        await events.PublishAllAsync(states.Select(IntegrationEvent (s) => new DealUpdated(s, filed.ImportedBy)).ToList(), ct);
    }
}
