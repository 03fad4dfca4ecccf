using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Deals imported from a file name their clients: the batch's go into the Lists together by Directory's own rules, as
/// an accepted request's does (<see cref="ClientFiling"/>: found by phone, e-mail or company name, else added, the
/// deal's responsible's), each meeting what the rows before it added, so a client two rows name is added once. Tells
/// Deals what to link to each deal (<see cref="DealClientsFiled"/>, one for the batch), in the same outbox write as
/// the CompanyCreated and ContactCreated of what was added.
/// </summary>
internal sealed class FileImportedDealClients(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<DealsImported>
{
    public async ValueTask Handle(DealsImported imported, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var clients = imported.Deals
            .Select(d => new ClientFiling.Client(d.CompanyName, null, d.ContactName, d.Phones, d.Emails, d.ResponsibleId))
            .ToList();
        var filed = await ClientFiling.FileAllAsync(conn, clients, imported.ImportedBy, clock.GetUtcNow());
        var deals = imported.Deals.Select((d, i) => new FiledClientState(d.DealId, filed.Clients[i].Contact, filed.Clients[i].Company)).ToList();
        await events.PublishAllAsync([.. filed.Added, new DealClientsFiled(imported.ImportId, imported.FirstRow, imported.ImportedBy, deals)], ct);
    }
}
