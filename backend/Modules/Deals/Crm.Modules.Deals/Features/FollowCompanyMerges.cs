using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The admin merges two companies in the Lists: the copy keeps both states if newer and remembers where
/// the merged one went (so a deal form still holding its id saves the survivor), and the merged one's
/// deals now refer to the survivor, under its name. That changes those deals' state (their company): each
/// gets a new version and a DealUpdated. The survivor's own deals show its name if it changed. Running it
/// again, or late, changes nothing more; a republished merged company (a copy being rebuilt) moves
/// whatever deals still refer to it.
/// </summary>
internal static class FollowCompanyMerges
{
    private static async ValueTask FollowAsync(DbSession db, IEventPublisher events, CompanyState merged, CompanyState? survivor, Guid by, CancellationToken ct)
    {
        if (merged.MergedInto is not { } survivorId)
        {
            return;
        }
        var conn = await db.ConnectionAsync(ct);
        await DirectoryCopies.KeepAsync(conn, merged, ct);
        if (survivor is not null && await DirectoryCopies.KeepAsync(conn, survivor, ct) && !survivor.Deleted)
        {
            await DirectoryCopies.RenameCompanyAsync(conn, survivor.CompanyId, survivor.Name);
        }
        await DirectoryCopies.MoveCompanyDealsAsync(conn, events, merged.CompanyId, survivorId, by, ct);
    }

    internal sealed class OnCompanyMerged(DbSession db, IEventPublisher events) : IIntegrationEventHandler<CompanyMerged>
    {
        public ValueTask Handle(CompanyMerged e, CancellationToken ct) => FollowAsync(db, events, e.Company, e.Survivor, e.MergedBy, ct);
    }

    internal sealed class OnMergedCompanyRepublished(DbSession db, IEventPublisher events) : IIntegrationEventHandler<CompanyRepublished>
    {
        public ValueTask Handle(CompanyRepublished e, CancellationToken ct) => FollowAsync(db, events, e.Company, null, DirectoryCopies.NoUser, ct);
    }
}
