using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A company is deleted in the Lists: the copy keeps it as deleted (if newer), so it can no longer be
/// picked and no late rename revives it, and the deals still referring to it are left without a company
/// (id and name), each with a new version and a DealUpdated. Deletion is final, so running it again or
/// late changes nothing more; a republished deleted company unlinks whatever deals still refer to it.
/// </summary>
internal static class UnlinkDeletedCompanies
{
    private static async ValueTask UnlinkAsync(DbSession db, IEventPublisher events, CompanyState company, Guid by, CancellationToken ct)
    {
        // A merged company's deals go to the survivor (FollowCompanyMerges).
        if (!company.Deleted || company.MergedInto is not null)
        {
            return;
        }
        var conn = await db.ConnectionAsync(ct);
        await DirectoryCopies.KeepAsync(conn, company, ct);
        await DirectoryCopies.UnlinkCompanyAsync(conn, events, company.CompanyId, by, ct);
    }

    internal sealed class OnCompanyDeleted(DbSession db, IEventPublisher events) : IIntegrationEventHandler<CompanyDeleted>
    {
        public ValueTask Handle(CompanyDeleted e, CancellationToken ct) => UnlinkAsync(db, events, e.Company, e.DeletedBy, ct);
    }

    internal sealed class OnDeletedCompanyRepublished(DbSession db, IEventPublisher events) : IIntegrationEventHandler<CompanyRepublished>
    {
        public ValueTask Handle(CompanyRepublished e, CancellationToken ct) => UnlinkAsync(db, events, e.Company, DirectoryCopies.NoUser, ct);
    }
}
