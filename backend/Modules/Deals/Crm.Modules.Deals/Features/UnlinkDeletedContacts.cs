using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A contact is deleted in the Lists: it leaves every deal that had it. Where it was the main
/// contact, the next one in the deal's order becomes main (and shows on the board card); a deal
/// left without contacts shows none. Each deal that had it gets a new version and a DealUpdated.
/// The copy keeps it as deleted.
/// </summary>
internal static class UnlinkDeletedContacts
{
    internal sealed class OnContactDeleted(DbSession db, IEventPublisher events) : IIntegrationEventHandler<ContactDeleted>
    {
        public async ValueTask Handle(ContactDeleted e, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync(
                """
                insert into deals.contacts as c (id, name, deleted) values (@ContactId, '', true)
                on conflict (id) do update set deleted = true
                """,
                new { e.ContactId });
            var dropped = (await conn.QueryAsync<(Guid DealId, bool IsMain)>(
                """
                with dropped as (delete from deals.deal_contacts where contact_id = @ContactId returning deal_id, is_main)
                select deal_id, is_main from dropped
                union
                select id, false from deals.deals where contact_id = @ContactId
                """,
                new { e.ContactId })).AsList();
            var mainGone = dropped.Where(d => d.IsMain).Select(d => d.DealId).ToArray();
            var changed = dropped.Select(d => d.DealId).Distinct().ToArray();
            await conn.ExecuteAsync(
                """
                update deals.deal_contacts c set is_main = true
                from (
                    select distinct on (deal_id) deal_id, contact_id from deals.deal_contacts
                    where deal_id = any(@mainGone) order by deal_id, position
                ) f
                where c.deal_id = f.deal_id and c.contact_id = f.contact_id;

                update deals.deals d set contact_id = m.contact_id, contact_name = m.name
                from unnest(@mainGone) as x(id) left join deals.deal_contacts m on m.deal_id = x.id and m.is_main
                where d.id = x.id;

                update deals.deals set contact_id = null, contact_name = null where contact_id = @ContactId;

                update deals.deals set version = version + 1 where id = any(@changed);
                """,
                new { e.ContactId, mainGone, changed });
            foreach (var state in await DealStates.ReadManyAsync(conn, changed))
            {
                await events.PublishAsync(new DealUpdated(state, e.DeletedBy), ct);
            }
        }
    }
}
