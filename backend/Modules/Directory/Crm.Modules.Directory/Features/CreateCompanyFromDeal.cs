using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A manager typed a new company into a deal: it appears in the Lists with the id the deal gave
/// it, the deal's responsible as its own. Contacts of the same deal that arrived first are linked
/// to it now. A company with that id already there: nothing happens.
/// </summary>
internal sealed class CreateCompanyFromDeal(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<DealCompanyEntered>
{
    public async ValueTask Handle(DealCompanyEntered integrationEvent, CancellationToken ct)
    {
        var e = integrationEvent;
        var conn = await db.ConnectionAsync(ct);
        await DealLinks.LockCompanyAsync(conn, e.CompanyId);
        var fields = new CompanyFields(DealLinks.NameOf(e.Name, "Компания из сделки"), null, null, null, null, null, "{}",
            new Channels.Set([], [], []));
        var now = clock.GetUtcNow();
        if (!await Companies.CreateAsync(conn, events, e.CompanyId, fields, e.ResponsibleId, e.EnteredBy, e.DealId, now, ct))
        {
            return;
        }
        var linked = await conn.QueryAsync<(Guid Id, string FullName, Guid ResponsibleId)>(
            """
            update directory.contacts
            set company_id = @CompanyId, pending_company_id = null, updated_at = @now, version = version + 1
            where pending_company_id = @CompanyId and deleted_at is null
            returning id, full_name, responsible_id
            """,
            new { e.CompanyId, now });
        foreach (var contact in linked)
        {
            await events.PublishAsync(new ContactUpdated(contact.Id, contact.FullName, e.CompanyId, contact.ResponsibleId, e.EnteredBy), ct);
        }
    }
}
