using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A contact is deleted in the Lists: the copy keeps it as deleted (if newer), and it leaves every deal
/// that still has it. Where it was the main contact, the next one in the deal's order becomes main (and
/// shows on the board card); a deal left without contacts shows none. Each deal that had it gets a new
/// version and a DealUpdated. Deletion is final, so running it again or late changes nothing more.
/// </summary>
internal static class UnlinkDeletedContacts
{
    private static async ValueTask UnlinkAsync(DbSession db, IEventPublisher events, ContactState contact, Guid by, CancellationToken ct)
    {
        // A merged contact's deals get the survivor (FollowContactMerges).
        if (!contact.Deleted || contact.MergedInto is not null)
        {
            return;
        }
        var conn = await db.ConnectionAsync(ct);
        await DirectoryCopies.KeepAsync(conn, contact, ct);
        await DirectoryCopies.UnlinkContactAsync(conn, events, contact.ContactId, by, ct);
    }

    internal sealed class OnContactDeleted(DbSession db, IEventPublisher events) : IIntegrationEventHandler<ContactDeleted>
    {
        public ValueTask Handle(ContactDeleted e, CancellationToken ct) => UnlinkAsync(db, events, e.Contact, e.DeletedBy, ct);
    }

    internal sealed class OnDeletedContactRepublished(DbSession db, IEventPublisher events) : IIntegrationEventHandler<ContactRepublished>
    {
        public ValueTask Handle(ContactRepublished e, CancellationToken ct) => UnlinkAsync(db, events, e.Contact, DirectoryCopies.NoUser, ct);
    }
}
