using System.Data;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// Clients named from outside the Lists (an accepted request, the rows of a deals import's batch) filed by the Lists'
/// own rules: the contact is the live one that shares a phone or an e-mail with the client (the one changed last, when
/// several do), else a new one with the client's name, phones and e-mails; the company is the live one of the same
/// name, else the found contact's company, else a new one when the client names it. What is added is the client's
/// owner's. Phones are E.164 and e-mails normalised already (the sender read them by the same rules).
/// </summary>
/// <remarks>
/// A batch is filed as a set, with the outcome each client would have had filed one after the other: the contacts
/// sharing any of the batch's phones and e-mails and the companies of any of its names are read at once (through the
/// channels' and names' indexes), each client meets what the clients before it added (two rows of one new phone make
/// one contact), and what is new is inserted a statement per table. The CompanyCreated and ContactCreated of what was
/// added are handed back, for the caller to publish with its own answer in one outbox write.
/// </remarks>
internal static class ClientFiling
{
    /// <param name="Owner">Whose is what is added for this client.</param>
    internal sealed record Client(
        string? CompanyName, string? Region, string? ContactName, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails, Guid Owner);

    /// <summary>Each client's contact and company as they are now (null: none), in the clients' order; the events of what was added, companies first.</summary>
    internal sealed record Filed(IReadOnlyList<(ContactState? Contact, CompanyState? Company)> Clients, IReadOnlyList<IntegrationEvent> Added);

    public static async Task<Filed> FileAllAsync(IDbConnection conn, IReadOnlyList<Client> clients, Guid by, DateTimeOffset now)
    {
        var contacts = await ContactsSharingAsync(conn, clients);
        var companies = new Dictionary<string, Guid>(
            await Companies.LiveByNameAsync(conn, clients.Select(c => c.CompanyName?.Trim()).OfType<string>().Where(n => n.Length > 0)));
        var newCompanies = new List<(Guid Id, CompanyFields Fields, Guid ResponsibleId)>();
        var newContacts = new List<(Guid Id, ContactFields Fields, Guid ResponsibleId)>();
        var picked = new List<(Guid? ContactId, Guid? CompanyId)>(clients.Count);
        foreach (var client in clients)
        {
            var keys = Keys(client);
            var contact = keys.SelectMany(k => contacts.GetValueOrDefault(k) ?? []).OrderByDescending(c => c.UpdatedAt)
                .ThenBy(c => c.Id.ToString(), StringComparer.Ordinal).FirstOrDefault();
            Guid? companyId = contact?.CompanyId;
            if (client.CompanyName?.Trim() is { Length: > 0 } name)
            {
                var key = SearchKeys.Fold(name);
                if (!companies.TryGetValue(key, out var id))
                {
                    id = companies[key] = Guid.CreateVersion7();
                    newCompanies.Add((id, new CompanyFields(name, null, null, client.Region, null, null, "{}", new Channels.Set([], [], [])), client.Owner));
                }
                companyId = id;
            }
            if (contact is null && (keys.Count > 0 || !string.IsNullOrWhiteSpace(client.ContactName)))
            {
                contact = new Found(Guid.CreateVersion7(), companyId, now);
                var channels = new Channels.Set(
                    client.Phones.Select(p => new PhoneResponse(p, Phones.Display(p), "work")).ToList(),
                    client.Emails.Select(e => new EmailResponse(e, "work")).ToList(),
                    []);
                newContacts.Add((contact.Id, new ContactFields(ContactName(client), null, companyId, "{}", channels), client.Owner));
                foreach (var key in keys)
                {
                    if (!contacts.TryGetValue(key, out var sharing))
                    {
                        contacts[key] = sharing = [];
                    }
                    sharing.Add(contact);
                }
            }
            picked.Add((contact?.Id, companyId));
        }

        await Companies.InsertAllAsync(conn, newCompanies, by, now);
        await Contacts.InsertAllAsync(conn, newContacts, by, now);
        var companyStates = (await RecordStates.CompaniesAsync(conn, picked.Select(p => p.CompanyId).OfType<Guid>().ToHashSet()))
            .ToDictionary(s => s.CompanyId);
        var contactStates = (await RecordStates.ContactsAsync(conn, picked.Select(p => p.ContactId).OfType<Guid>().ToHashSet()))
            .ToDictionary(s => s.ContactId);
        List<IntegrationEvent> added =
        [
            .. newCompanies.Select(c => new CompanyCreated(companyStates[c.Id], by)),
            .. newContacts.Select(c => new ContactCreated(contactStates[c.Id], by)),
        ];
        return new Filed(
            picked.Select(p => (p.ContactId is { } c ? contactStates[c] : null, p.CompanyId is { } k ? companyStates[k] : null)).ToList(),
            added);
    }

    /// <summary>The live contacts that share one of the clients' phones or e-mails, by what they share ("phone:…", "email:…").</summary>
    private static async Task<Dictionary<string, List<Found>>> ContactsSharingAsync(IDbConnection conn, IReadOnlyList<Client> clients)
    {
        var phones = clients.SelectMany(c => c.Phones).Distinct().ToArray();
        var emails = clients.SelectMany(c => c.Emails).Distinct().ToArray();
        if (phones.Length == 0 && emails.Length == 0)
        {
            return [];
        }
        var hits = await conn.QueryAsync<(string Key, Guid Id, Guid? CompanyId, DateTimeOffset UpdatedAt)>(
            """
            select 'phone:' || p.number, c.id, c.company_id, c.updated_at
            from directory.contact_phones p join directory.contacts c on c.id = p.contact_id
            where p.number = any(@phones) and c.deleted_at is null
            union all
            select 'email:' || e.address, c.id, c.company_id, c.updated_at
            from directory.contact_emails e join directory.contacts c on c.id = e.contact_id
            where e.address = any(@emails) and c.deleted_at is null
            """,
            new { phones, emails });
        return hits.GroupBy(h => h.Key).ToDictionary(g => g.Key, g => g.Select(h => new Found(h.Id, h.CompanyId, h.UpdatedAt)).ToList());
    }

    private static List<string> Keys(Client client) =>
        [.. client.Phones.Select(p => "phone:" + p), .. client.Emails.Select(e => "email:" + e)];

    /// <summary>The name the client gave, else their e-mail or phone: a contact is never nameless.</summary>
    private static string ContactName(Client client) =>
        !string.IsNullOrWhiteSpace(client.ContactName) ? client.ContactName.Trim()
        : (client.Emails.Count > 0 ? client.Emails[0] : null) ?? (client.Phones.Count > 0 ? Phones.Display(client.Phones[0]) : "?");

    /// <summary>A live contact that shares a phone or an e-mail (stored, or added for a client before).</summary>
    private sealed record Found(Guid Id, Guid? CompanyId, DateTimeOffset UpdatedAt);
}
