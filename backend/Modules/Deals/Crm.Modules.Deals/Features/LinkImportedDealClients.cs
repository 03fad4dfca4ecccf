using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Directory has filed the clients of a batch of imported deals (<see cref="DealClientsFiled"/>): the deals are linked
/// to their contacts and companies together (<see cref="FiledClients.LinkAllAsync"/>: each unless it has others by
/// now), and a DealUpdated told for each deal that changed, in one outbox write.
/// </summary>
internal sealed class LinkImportedDealClients(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<DealClientsFiled>
{
    public async ValueTask Handle(DealClientsFiled filed, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var changed = await FiledClients.LinkAllAsync(
            conn, filed.Deals.Select(d => new FiledClients.Filed(d.DealId, d.Contact, d.Company)).ToList(), clock.GetUtcNow(), ct);
        var states = await DealStates.ReadManyAsync(conn, changed);
        await events.PublishAllAsync(states.Select(IntegrationEvent (s) => new DealUpdated(s, filed.ImportedBy)).ToList(), ct);
    }
}
