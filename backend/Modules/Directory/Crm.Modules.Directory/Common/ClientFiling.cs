using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Text;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// A client named from outside the Lists (an accepted request, a row of a deals import) filed by the Lists' own
/// rules: the contact is the live one that shares a phone or an e-mail with the client (the one changed last, when
/// several do), else a new one with the client's name, phones and e-mails; the company is the live one of the
/// same name, else the found contact's company, else a new one when the client names it. What is added is
/// <c>owner</c>'s. Phones are E.164 and e-mails normalised already (the sender read them by the same rules).
/// </summary>
internal static class ClientFiling
{
    internal sealed record Client(string? CompanyName, string? Region, string? ContactName, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);

    /// <remarks>
    /// The contact is looked up from its phones' and e-mails' indexes (not by testing every contact): an import
    /// files hundreds of clients in one handler run.
    /// </remarks>
    public static async Task<(Guid? ContactId, Guid? CompanyId)> FileAsync(
        System.Data.IDbConnection conn, IEventPublisher events, Client client, Guid owner, Guid by, DateTimeOffset now, CancellationToken ct)
    {
        var contact = client.Phones.Count == 0 && client.Emails.Count == 0 ? null : await conn.QuerySingleOrDefaultAsync<Found>(
            """
            select c.id as Id, c.company_id as CompanyId from directory.contacts c
            where c.deleted_at is null and c.id in (
                select p.contact_id from directory.contact_phones p where p.number = any(@Phones)
                union all
                select e.contact_id from directory.contact_emails e where e.address = any(@Emails))
            order by c.updated_at desc, c.id
            limit 1
            """,
            new { Phones = client.Phones.ToArray(), Emails = client.Emails.ToArray() });

        var companyId = await CompanyAsync(conn, events, client, contact, owner, by, now, ct);
        var contactId = contact?.Id;
        if (contactId is null && (client.Phones.Count > 0 || client.Emails.Count > 0 || !string.IsNullOrWhiteSpace(client.ContactName)))
        {
            contactId = Guid.CreateVersion7();
            var fields = new ContactFields(
                ContactName(client), null, companyId, "{}",
                new Channels.Set(
                    client.Phones.Select(p => new PhoneResponse(p, Phones.Display(p), "work")).ToList(),
                    client.Emails.Select(e => new EmailResponse(e, "work")).ToList(),
                    []));
            await Contacts.CreateAsync(conn, events, contactId.Value, fields, owner, by, now, ct);
        }
        return (contactId, companyId);
    }

    private static async Task<Guid?> CompanyAsync(
        System.Data.IDbConnection conn, IEventPublisher events, Client client, Found? contact, Guid owner, Guid by, DateTimeOffset now,
        CancellationToken ct)
    {
        var name = client.CompanyName?.Trim();
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
        var fields = new CompanyFields(name, null, null, client.Region, null, null, "{}", new Channels.Set([], [], []));
        await Companies.CreateAsync(conn, events, id, fields, owner, by, now, ct);
        return id;
    }

    /// <summary>The name the client gave, else their e-mail or phone: a contact is never nameless.</summary>
    private static string ContactName(Client client) =>
        !string.IsNullOrWhiteSpace(client.ContactName) ? client.ContactName.Trim()
        : (client.Emails.Count > 0 ? client.Emails[0] : null) ?? (client.Phones.Count > 0 ? Phones.Display(client.Phones[0]) : "?");

    private sealed record Found(Guid Id, Guid? CompanyId);
}
