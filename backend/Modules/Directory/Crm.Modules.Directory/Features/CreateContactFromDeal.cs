using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Common;
using Dapper;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A manager typed a new contact (a name, perhaps a phone and an e-mail) into a deal: it appears
/// in the Lists with the id the deal gave it, in the deal's company. When that company has not
/// reached the Lists yet (its event is handled later), the contact is created without it and
/// linked as soon as the company is created. A contact with that id already there: nothing happens.
/// </summary>
internal sealed class CreateContactFromDeal(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<DealContactEntered>
{
    public async ValueTask Handle(DealContactEntered integrationEvent, CancellationToken ct)
    {
        var e = integrationEvent;
        var conn = await db.ConnectionAsync(ct);
        Guid? companyId = null;
        Guid? pendingCompanyId = null;
        if (e.CompanyId is { } dealCompanyId)
        {
            await DealLinks.LockCompanyAsync(conn, dealCompanyId);
            var live = await conn.QuerySingleOrDefaultAsync<bool?>(
                "select deleted_at is null from directory.companies where id = @dealCompanyId for share", new { dealCompanyId });
            // A deleted company stays unlinked, as for a contact saved by hand.
            (companyId, pendingCompanyId) = live switch
            {
                true => (dealCompanyId, (Guid?)null),
                null => (null, dealCompanyId),
                false => ((Guid?)null, (Guid?)null),
            };
        }
        var phones = Phones.TryNormalize(e.Phone, out var phone) ? [new PhoneResponse(phone, Phones.Display(phone), "mobile")] : new List<PhoneResponse>();
        var emails = Emails.TryNormalize(e.Email, out var email) ? [new EmailResponse(email, "work")] : new List<EmailResponse>();
        var fields = new ContactFields(DealLinks.NameOf(e.FullName, "Контакт из сделки"), null, companyId, "{}", new Channels.Set(phones, emails, []));
        await Contacts.CreateAsync(conn, events, e.ContactId, fields, pendingCompanyId, e.ResponsibleId, e.EnteredBy, e.DealId, clock.GetUtcNow(), ct);
    }
}
