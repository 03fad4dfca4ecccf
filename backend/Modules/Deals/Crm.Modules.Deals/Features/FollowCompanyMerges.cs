using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The admin merges two companies in the Lists: the merged one's deals now refer to the survivor,
/// under its name. The copy remembers where the merged one went, so a deal form still holding
/// its id saves the survivor. Running it again changes nothing.
/// </summary>
internal static class FollowCompanyMerges
{
    internal sealed class OnCompanyMerged(DbSession db) : IIntegrationEventHandler<CompanyMerged>
    {
        public async ValueTask Handle(CompanyMerged e, CancellationToken ct) =>
            await (await db.ConnectionAsync(ct)).ExecuteAsync(
                """
                insert into deals.companies as c (id, name) values (@SurvivorId, @SurvivorName)
                on conflict (id) do update set name = excluded.name where not c.deleted;

                insert into deals.companies as c (id, name, deleted, merged_into) values (@MergedId, '', true, @SurvivorId)
                on conflict (id) do update set deleted = true, merged_into = excluded.merged_into;

                update deals.companies set merged_into = @SurvivorId where merged_into = @MergedId;

                update deals.deals set company_id = @SurvivorId, company_name = @SurvivorName
                where company_id in (@MergedId, @SurvivorId)
                  and (company_id <> @SurvivorId or company_name is distinct from @SurvivorName);
                """,
                new { e.SurvivorId, e.MergedId, e.SurvivorName });
    }
}
