using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Messaging keeps each contact's name (messaging.contacts), from every event that carries Directory's
/// <see cref="ContactState"/>, so the feed names a contact linked to a deal, and a card's feed is known to
/// exist. Written only when the state is newer (a deleted contact keeps its name for old entries).
/// </summary>
internal sealed class CopyContacts(DbSession db) : IStateHandler<ContactState>
{
    private sealed record ContactCopy(Guid Id, int Version, string FullName);

    public async ValueTask Handle(ContactState contact, IntegrationEvent integrationEvent, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).UpsertIfNewerAsync(
            "messaging.contacts", new ContactCopy(contact.ContactId, contact.Version, contact.FullName), ct);
}
