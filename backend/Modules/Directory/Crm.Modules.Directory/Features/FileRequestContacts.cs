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
        var client = new ClientFiling.Client(request.CompanyName, request.Region, request.ContactName, request.Phones, request.Emails);
        var (contactId, companyId) = await ClientFiling.FileAsync(
            conn, events, client, accepted.AcceptedBy, accepted.AcceptedBy, clock.GetUtcNow(), ct);
        await events.PublishAsync(
            new RequestContactsFiled(
                request.RequestId,
                request.DealId ?? request.RequestId,
                contactId is { } c ? await RecordStates.ContactAsync(conn, c) : null,
                companyId is { } k ? await RecordStates.CompanyAsync(conn, k) : null,
                accepted.AcceptedBy),
            ct);
    }
}
