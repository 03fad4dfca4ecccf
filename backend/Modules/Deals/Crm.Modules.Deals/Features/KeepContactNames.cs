using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A contact is added to the Lists, changed there, or republished: Deals' copy takes its state when it
/// is newer, and then every deal that has the contact shows its name (in deals.deal_contacts and, for the
/// main contact, on the board card). Set-based through ix_deal_contacts_contact and ix_deals_contact; rows
/// already right are not written. An older or repeated state changes nothing, so a name never brings back
/// a contact deleted or merged away. A republished deleted or merged contact is for UnlinkDeletedContacts
/// and FollowContactMerges.
/// </summary>
internal static class KeepContactNames
{
    private static async ValueTask KeepAsync(DbSession db, ContactState contact, CancellationToken ct)
    {
        if (contact.Deleted)
        {
            return;
        }
        var conn = await db.ConnectionAsync(ct);
        if (await DirectoryCopies.KeepAsync(conn, contact, ct))
        {
            await DirectoryCopies.RenameContactAsync(conn, contact.ContactId, contact.FullName);
        }
    }

    internal sealed class OnContactCreated(DbSession db) : IIntegrationEventHandler<ContactCreated>
    {
        public ValueTask Handle(ContactCreated e, CancellationToken ct) => KeepAsync(db, e.Contact, ct);
    }

    internal sealed class OnContactUpdated(DbSession db) : IIntegrationEventHandler<ContactUpdated>
    {
        public ValueTask Handle(ContactUpdated e, CancellationToken ct) => KeepAsync(db, e.Contact, ct);
    }

    internal sealed class OnContactRepublished(DbSession db) : IIntegrationEventHandler<ContactRepublished>
    {
        public ValueTask Handle(ContactRepublished e, CancellationToken ct) => KeepAsync(db, e.Contact, ct);
    }
}
