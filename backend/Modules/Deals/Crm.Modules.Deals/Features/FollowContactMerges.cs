using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The admin merges two contacts in the Lists: deals that had the merged one now have the
/// survivor, under its name. A deal that had both keeps one, the survivor, and it is main if
/// either was. Those deals' state changed (their contacts): each gets a new version and a
/// DealUpdated. The copy remembers where the merged one went. Running it again changes nothing.
/// </summary>
internal static class FollowContactMerges
{
    internal sealed class OnContactMerged(DbSession db, IEventPublisher events) : IIntegrationEventHandler<ContactMerged>
    {
        public async ValueTask Handle(ContactMerged e, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var args = new { e.SurvivorId, e.MergedId, Name = e.SurvivorFullName };
            await conn.ExecuteAsync(
                """
                insert into deals.contacts as c (id, name) values (@SurvivorId, @Name)
                on conflict (id) do update set name = excluded.name where not c.deleted;

                insert into deals.contacts as c (id, name, deleted, merged_into) values (@MergedId, '', true, @SurvivorId)
                on conflict (id) do update set deleted = true, merged_into = excluded.merged_into;

                update deals.contacts set merged_into = @SurvivorId where merged_into = @MergedId;
                """,
                args);
            var changed = (await conn.QueryAsync<Guid>(
                """
                select deal_id from deals.deal_contacts where contact_id = @MergedId
                union
                select id from deals.deals where contact_id = @MergedId
                """,
                args)).ToArray();
            // Deals with both: the merged row goes; where it was main, the survivor becomes main
            // (two statements: one main per deal is a unique index, checked row by row).
            var mainGone = (await conn.QueryAsync<Guid>(
                """
                with dropped as (
                    delete from deals.deal_contacts m using deals.deal_contacts s
                    where m.contact_id = @MergedId and s.contact_id = @SurvivorId and s.deal_id = m.deal_id
                    returning m.deal_id, m.is_main
                )
                select deal_id from dropped where is_main
                """,
                args)).ToArray();
            await conn.ExecuteAsync(
                """
                update deals.deal_contacts set is_main = true where contact_id = @SurvivorId and deal_id = any(@mainGone);

                update deals.deal_contacts set contact_id = @SurvivorId, name = @Name where contact_id = @MergedId;
                update deals.deal_contacts set name = @Name where contact_id = @SurvivorId and name <> @Name;

                update deals.deals set contact_id = @SurvivorId, contact_name = @Name
                where contact_id in (@MergedId, @SurvivorId)
                  and (contact_id <> @SurvivorId or contact_name is distinct from @Name);

                update deals.deals set version = version + 1 where id = any(@changed);
                """,
                new { e.SurvivorId, e.MergedId, Name = e.SurvivorFullName, mainGone, changed });
            foreach (var state in await DealStates.ReadManyAsync(conn, changed))
            {
                await events.PublishAsync(new DealUpdated(state, e.MergedBy), ct);
            }
        }
    }
}
