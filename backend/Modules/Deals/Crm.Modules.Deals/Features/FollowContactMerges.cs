using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The admin merges two contacts in the Lists: the copy keeps both states if newer and remembers where
/// the merged one went, and deals that had the merged one now have the survivor, under its name. A deal
/// that had both keeps one, the survivor, and it is main if either was. Those deals' state changed (their
/// contacts): each gets a new version and a DealUpdated. Running it again, or late, changes nothing more;
/// a republished merged contact moves whatever deals still have it.
/// </summary>
internal static class FollowContactMerges
{
    private static async ValueTask FollowAsync(DbSession db, IEventPublisher events, ContactState merged, ContactState? survivor, Guid by, CancellationToken ct)
    {
        if (merged.MergedInto is not { } survivorId)
        {
            return;
        }
        var conn = await db.ConnectionAsync(ct);
        await DirectoryCopies.KeepAsync(conn, merged, ct);
        if (survivor is not null && await DirectoryCopies.KeepAsync(conn, survivor, ct) && !survivor.Deleted)
        {
            await DirectoryCopies.RenameContactAsync(conn, survivor.ContactId, survivor.FullName);
        }
        await DirectoryCopies.MoveContactDealsAsync(conn, events, merged.ContactId, survivorId, by, ct);
    }

    internal sealed class OnContactMerged(DbSession db, IEventPublisher events) : IIntegrationEventHandler<ContactMerged>
    {
        public ValueTask Handle(ContactMerged e, CancellationToken ct) => FollowAsync(db, events, e.Contact, e.Survivor, e.MergedBy, ct);
    }

    internal sealed class OnMergedContactRepublished(DbSession db, IEventPublisher events) : IIntegrationEventHandler<ContactRepublished>
    {
        public ValueTask Handle(ContactRepublished e, CancellationToken ct) => FollowAsync(db, events, e.Contact, null, DirectoryCopies.NoUser, ct);
    }
}
