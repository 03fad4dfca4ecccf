using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A company is deleted in the Lists: its deals are left without a company (id and name), each with
/// a new version and a DealUpdated; the copy keeps it as deleted, so it can no longer be picked and
/// no late rename revives it.
/// </summary>
internal static class UnlinkDeletedCompanies
{
    internal sealed class OnCompanyDeleted(DbSession db, IEventPublisher events) : IIntegrationEventHandler<CompanyDeleted>
    {
        public async ValueTask Handle(CompanyDeleted e, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync(
                """
                insert into deals.companies as c (id, name, deleted) values (@CompanyId, '', true)
                on conflict (id) do update set deleted = true
                """,
                new { e.CompanyId });
            var unlinked = (await conn.QueryAsync<Guid>(
                """
                update deals.deals set company_id = null, company_name = null, version = version + 1
                where company_id = @CompanyId
                returning id
                """,
                new { e.CompanyId })).AsList();
            foreach (var state in await DealStates.ReadManyAsync(conn, unlinked))
            {
                await events.PublishAsync(new DealUpdated(state, e.DeletedBy), ct);
            }
        }
    }
}
