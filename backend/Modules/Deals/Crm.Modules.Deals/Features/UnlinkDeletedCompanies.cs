using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A company is deleted in the Lists: its deals are left without a company (id and name), and
/// the copy keeps it as deleted, so it can no longer be picked and no late rename revives it.
/// </summary>
internal static class UnlinkDeletedCompanies
{
    internal sealed class OnCompanyDeleted(DbSession db) : IIntegrationEventHandler<CompanyDeleted>
    {
        public async ValueTask Handle(CompanyDeleted e, CancellationToken ct) =>
            await (await db.ConnectionAsync(ct)).ExecuteAsync(
                """
                insert into deals.companies as c (id, name, deleted) values (@CompanyId, '', true)
                on conflict (id) do update set deleted = true;

                update deals.deals set company_id = null, company_name = null where company_id = @CompanyId;
                """,
                new { e.CompanyId });
    }
}
