using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A company is added to the Lists, changed there, or republished: Deals' copy takes its state when it
/// is newer (so it can be picked on a deal form), and then every deal of it shows its name. A rename is
/// one UPDATE through ix_deals_company, however many deals the company has; an older or repeated state
/// changes nothing, so a name never brings back a company deleted or merged away. A republished
/// deleted or merged company is for UnlinkDeletedCompanies and FollowCompanyMerges.
/// </summary>
internal static class KeepCompanyNames
{
    private static async ValueTask KeepAsync(DbSession db, CompanyState company, CancellationToken ct)
    {
        if (company.Deleted)
        {
            return;
        }
        var conn = await db.ConnectionAsync(ct);
        if (await DirectoryCopies.KeepAsync(conn, company, ct))
        {
            await DirectoryCopies.RenameCompanyAsync(conn, company.CompanyId, company.Name);
        }
    }

    internal sealed class OnCompanyCreated(DbSession db) : IIntegrationEventHandler<CompanyCreated>
    {
        public ValueTask Handle(CompanyCreated e, CancellationToken ct) => KeepAsync(db, e.Company, ct);
    }

    internal sealed class OnCompanyUpdated(DbSession db) : IIntegrationEventHandler<CompanyUpdated>
    {
        public ValueTask Handle(CompanyUpdated e, CancellationToken ct) => KeepAsync(db, e.Company, ct);
    }

    internal sealed class OnCompanyRepublished(DbSession db) : IIntegrationEventHandler<CompanyRepublished>
    {
        public ValueTask Handle(CompanyRepublished e, CancellationToken ct) => KeepAsync(db, e.Company, ct);
    }
}
