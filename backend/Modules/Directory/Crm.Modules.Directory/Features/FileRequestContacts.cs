using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Inbox.Contracts;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A request accepted in Inbox: its contact and company go into the Lists by Directory's own rules
/// (<see cref="ClientFiling"/>: found by phone, e-mail or company name, else added), the manager's who accepted.
/// Tells Deals what to link to the request's deal (<see cref="RequestContactsFiled"/>).
/// </summary>
internal sealed class FileRequestContacts(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<InboxRequestAccepted>
{
    public async ValueTask Handle(InboxRequestAccepted accepted, CancellationToken ct)
    {
        var request = accepted.Request;
        var conn = await db.ConnectionAsync(ct);
        var client = new ClientFiling.Client(request.CompanyName, request.Region, request.ContactName, request.Phones, request.Emails, accepted.AcceptedBy);
        var filed = await ClientFiling.FileAllAsync(conn, [client], accepted.AcceptedBy, clock.GetUtcNow());
        var (contact, company) = filed.Clients[0];
        await events.PublishAllAsync(
            [.. filed.Added, new RequestContactsFiled(request.RequestId, request.DealId ?? request.RequestId, contact, company, accepted.AcceptedBy)],
            ct);
    }
}
