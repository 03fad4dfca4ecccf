using Crm.Modules.Directory.Contracts;
using Dapper;
using Npgsql;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// The contact and company Directory filed for a deal (an accepted request's, an imported one's) linked to it,
/// unless the deal already has its own (a manager chose others meanwhile) or is deleted: the contact as the
/// main one, before any other. Deals' copies of the records are kept from the states the fact carries.
/// </summary>
internal static class FiledClients
{
    /// <summary>What Directory filed for one deal (null: nothing of that kind).</summary>
    internal sealed record Filed(Guid DealId, ContactState? Contact, CompanyState? Company);

    /// <summary>True when the deal changed (its DealUpdated is the caller's to publish).</summary>
    public static async Task<bool> LinkAsync(
        NpgsqlConnection conn, Guid dealId, ContactState? contact, CompanyState? company, DateTimeOffset now, CancellationToken ct) =>
        (await LinkAllAsync(conn, [new Filed(dealId, contact, company)], now, ct)).Count > 0;

    /// <summary>
    /// Several deals linked at once (an import's batch): the copies kept, the deals locked in id order, their contacts
    /// and the deals written a statement per table whatever their number.
    /// </summary>
    /// <returns>The deals that changed (their DealUpdated is the caller's to publish).</returns>
    public static async Task<IReadOnlyList<Guid>> LinkAllAsync(NpgsqlConnection conn, IReadOnlyList<Filed> filed, DateTimeOffset now, CancellationToken ct)
    {
        await DirectoryCopies.KeepAllAsync(conn, filed.Select(f => f.Company).OfType<CompanyState>(), filed.Select(f => f.Contact).OfType<ContactState>(), ct);
        var deals = (await conn.QueryAsync<Links>(
            """
            select id as Id, company_id as CompanyId, contact_id as ContactId, deleted_at is not null as Deleted
            from deals.deals where id = any(@ids) order by id for update
            """,
            new { ids = filed.Select(f => f.DealId).Distinct().ToArray() })).ToDictionary(d => d.Id);
        var links = filed.DistinctBy(f => f.DealId)
            .Where(f => deals.TryGetValue(f.DealId, out var deal) && !deal.Deleted)
            .Select(f => (f.DealId, f.Contact, f.Company,
                TakeCompany: deals[f.DealId].CompanyId is null && f.Company is { Deleted: false },
                TakeContact: deals[f.DealId].ContactId is null && f.Contact is { Deleted: false }))
            .Where(l => l.TakeCompany || l.TakeContact)
            .ToList();
        if (links.Count == 0)
        {
            return [];
        }
        var withContact = links.Where(l => l.TakeContact).ToList();
        var others = await DealLinks.OfDealsAsync(conn, withContact.Select(l => l.DealId).ToList());
        await DealLinks.SaveContactsAsync(conn, withContact
            .Select(l => (l.DealId, (IReadOnlyList<LinkedContact>)
            [
                new LinkedContact(l.Contact!.ContactId, l.Contact.FullName, true),
                .. (others.GetValueOrDefault(l.DealId) ?? []).Where(o => o.ContactId != l.Contact.ContactId).Select(o => o with { IsMain = false }),
            ]))
            .ToList());
        await conn.ExecuteAsync(
            """
            update deals.deals d set
                company_id = case when l.take_company then l.company_id else d.company_id end,
                company_name = case when l.take_company then l.company_name else d.company_name end,
                contact_id = case when l.take_contact then l.contact_id else d.contact_id end,
                contact_name = case when l.take_contact then l.contact_name else d.contact_name end,
                updated_at = @now, version = d.version + 1
            from unnest(@DealIds, @TakeCompanies, @CompanyIds, @CompanyNames, @TakeContacts, @ContactIds, @ContactNames)
                as l(deal_id, take_company, company_id, company_name, take_contact, contact_id, contact_name)
            where d.id = l.deal_id
            """,
            new
            {
                DealIds = links.Select(l => l.DealId).ToArray(),
                TakeCompanies = links.Select(l => l.TakeCompany).ToArray(),
                CompanyIds = links.Select(l => l.Company?.CompanyId).ToArray(),
                CompanyNames = links.Select(l => l.Company?.Name).ToArray(),
                TakeContacts = links.Select(l => l.TakeContact).ToArray(),
                ContactIds = links.Select(l => l.Contact?.ContactId).ToArray(),
                ContactNames = links.Select(l => l.Contact?.FullName).ToArray(),
                now,
            });
        return links.Select(l => l.DealId).ToList();
    }

    private sealed record Links(Guid Id, Guid? CompanyId, Guid? ContactId, bool Deleted);
}
