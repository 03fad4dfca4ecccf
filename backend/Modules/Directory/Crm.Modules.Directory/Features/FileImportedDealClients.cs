using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Deals imported from a file name their clients: each goes into the Lists by Directory's own rules, as an accepted
/// request's does (<see cref="ClientFiling"/>: found by phone, e-mail or company name, else added, the deal's
/// responsible's), in the batch's order, so a client two rows name is added once. Tells Deals what to link to each
/// deal (<see cref="DealClientsFiled"/>, one for the batch).
/// </summary>
internal sealed class FileImportedDealClients(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<DealsImported>
{
    public async ValueTask Handle(DealsImported imported, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        var filed = new List<FiledClientState>(imported.Deals.Count);
        foreach (var deal in imported.Deals)
        {
            var client = new ClientFiling.Client(deal.CompanyName, null, deal.ContactName, deal.Phones, deal.Emails);
            var (contactId, companyId) = await ClientFiling.FileAsync(conn, events, client, deal.ResponsibleId, imported.ImportedBy, now, ct);
            filed.Add(new FiledClientState(
                deal.DealId,
                contactId is { } c ? await RecordStates.ContactAsync(conn, c) : null,
                companyId is { } k ? await RecordStates.CompanyAsync(conn, k) : null));
        }
        await events.PublishAsync(new DealClientsFiled(imported.ImportId, imported.FirstRow, imported.ImportedBy, filed), ct);
    }
}
