using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Inbox.Contracts;
using Dapper;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A request accepted in Inbox: its contact and company go into the Lists by Directory's own rules. The
/// contact is the live one that shares a phone or an e-mail with the request (the one changed last, when
/// several do), else a new one with the request's name, phones and e-mails; the company is the live one of
/// the same name, else the found contact's company, else a new one when the request names it. What is
/// added belongs to the manager who accepted. Tells Deals what to link to the request's deal
/// (<see cref="RequestContactsFiled"/>).
/// </summary>
internal sealed class FileRequestContacts(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<InboxRequestAccepted>
{
    public async ValueTask Handle(InboxRequestAccepted accepted, CancellationToken ct)
    {
        var request = accepted.Request;
        var conn = await db.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        var contact = await conn.QuerySingleOrDefaultAsync<Found>(
            """
            select c.id as Id, c.company_id as CompanyId from directory.contacts c
            where c.deleted_at is null and (
                exists (select 1 from directory.contact_phones p where p.contact_id = c.id and p.number = any(@Phones))
                or exists (select 1 from directory.contact_emails e where e.contact_id = c.id and e.address = any(@Emails)))
            order by c.updated_at desc, c.id
            limit 1
            """,
            new { Phones = request.Phones.ToArray(), Emails = request.Emails.ToArray() });

        var companyId = await CompanyAsync(conn, request, contact, accepted.AcceptedBy, now, ct);
        var contactId = contact?.Id;
        if (contactId is null && (request.Phones.Count > 0 || request.Emails.Count > 0 || request.ContactName.Length > 0))
        {
            contactId = Guid.CreateVersion7();
            var fields = new ContactFields(
                ContactName(request), null, companyId, "{}",
                new Channels.Set(
                    request.Phones.Select(p => new PhoneResponse(p, Phones.Display(p), "work")).ToList(),
                    request.Emails.Select(e => new EmailResponse(e, "work")).ToList(),
                    []));
            await Contacts.CreateAsync(conn, events, contactId.Value, fields, accepted.AcceptedBy, accepted.AcceptedBy, now, ct);
        }

        await events.PublishAsync(
            new RequestContactsFiled(
                request.RequestId,
                request.DealId ?? request.RequestId,
                contactId is { } c ? await RecordStates.ContactAsync(conn, c) : null,
                companyId is { } k ? await RecordStates.CompanyAsync(conn, k) : null,
                accepted.AcceptedBy),
            ct);
    }

    private async Task<Guid?> CompanyAsync(
        System.Data.IDbConnection conn, RequestState request, Found? contact, Guid acceptedBy, DateTimeOffset now, CancellationToken ct)
    {
        var name = request.CompanyName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return contact?.CompanyId;
        }
        var existing = await conn.QuerySingleOrDefaultAsync<Guid?>(
            "select id from directory.companies where name_key = @Key and deleted_at is null order by updated_at desc, id limit 1",
            new { Key = SearchKeys.Fold(name) });
        if (existing is not null)
        {
            return existing;
        }
        var id = Guid.CreateVersion7();
        var fields = new CompanyFields(name, null, null, request.Region, null, null, "{}", new Channels.Set([], [], []));
        await Companies.CreateAsync(conn, events, id, fields, acceptedBy, acceptedBy, now, ct);
        return id;
    }

    /// <summary>The name the client gave, else their e-mail or phone: a contact is never nameless.</summary>
    private static string ContactName(RequestState request) =>
        request.ContactName.Length > 0 ? request.ContactName
        : (request.Emails.Count > 0 ? request.Emails[0] : null) ?? (request.Phones.Count > 0 ? Phones.Display(request.Phones[0]) : "?");

    private sealed record Found(Guid Id, Guid? CompanyId);
}
