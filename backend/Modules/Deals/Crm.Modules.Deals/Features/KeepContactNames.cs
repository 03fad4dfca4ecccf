using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A contact is added to the Lists or renamed there: Deals' copy learns its name, and every deal
/// that has the contact shows the new name (in deals.deal_contacts and, for the main contact, on
/// the board card). Set-based through ix_deal_contacts_contact and ix_deals_contact; rows already
/// right are not written. A name never brings back a contact deleted or merged away.
/// </summary>
internal static class KeepContactNames
{
    private static async ValueTask KeepAsync(DbSession db, Guid contactId, string name, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(
            """
            insert into deals.contacts as c (id, name) values (@contactId, @name)
            on conflict (id) do update set name = excluded.name where not c.deleted;

            update deals.deal_contacts set name = @name where contact_id = @contactId and name <> @name;

            update deals.deals set contact_name = @name
            where contact_id = @contactId and contact_name is distinct from @name;
            """,
            new { contactId, name });
    }

    internal sealed class OnContactCreated(DbSession db) : IIntegrationEventHandler<ContactCreated>
    {
        public ValueTask Handle(ContactCreated e, CancellationToken ct) => KeepAsync(db, e.ContactId, e.FullName, ct);
    }

    internal sealed class OnContactUpdated(DbSession db) : IIntegrationEventHandler<ContactUpdated>
    {
        public ValueTask Handle(ContactUpdated e, CancellationToken ct) => KeepAsync(db, e.ContactId, e.FullName, ct);
    }
}
