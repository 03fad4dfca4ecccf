using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The admin merges two companies in the Lists: the merged one's deals now refer to the survivor,
/// under its name. That changes those deals' state (their company): each gets a new version and a
/// DealUpdated. The survivor's own deals only show its name. The copy remembers where the merged
/// one went, so a deal form still holding its id saves the survivor. Running it again changes nothing.
/// </summary>
internal static class FollowCompanyMerges
{
    internal sealed class OnCompanyMerged(DbSession db, IEventPublisher events) : IIntegrationEventHandler<CompanyMerged>
    {
        public async ValueTask Handle(CompanyMerged e, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var args = new { e.SurvivorId, e.MergedId, e.SurvivorName };
            await conn.ExecuteAsync(
                """
                insert into deals.companies as c (id, name) values (@SurvivorId, @SurvivorName)
                on conflict (id) do update set name = excluded.name where not c.deleted;

                insert into deals.companies as c (id, name, deleted, merged_into) values (@MergedId, '', true, @SurvivorId)
                on conflict (id) do update set deleted = true, merged_into = excluded.merged_into;

                update deals.companies set merged_into = @SurvivorId where merged_into = @MergedId;

                update deals.deals set company_name = @SurvivorName
                where company_id = @SurvivorId and company_name is distinct from @SurvivorName;
                """,
                args);
            var moved = (await conn.QueryAsync<Guid>(
                """
                update deals.deals set company_id = @SurvivorId, company_name = @SurvivorName, version = version + 1
                where company_id = @MergedId
                returning id
                """,
                args)).AsList();
            foreach (var state in await DealStates.ReadManyAsync(conn, moved))
            {
                await events.PublishAsync(new DealUpdated(state, e.MergedBy), ct);
            }
        }
    }
}
