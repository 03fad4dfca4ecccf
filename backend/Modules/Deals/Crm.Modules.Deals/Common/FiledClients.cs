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
    /// <summary>True when the deal changed (its DealUpdated is the caller's to publish).</summary>
    public static async Task<bool> LinkAsync(
        NpgsqlConnection conn, Guid dealId, ContactState? contact, CompanyState? company, DateTimeOffset now, CancellationToken ct)
    {
        if (company is not null)
        {
            await DirectoryCopies.KeepAsync(conn, company, ct);
        }
        if (contact is not null)
        {
            await DirectoryCopies.KeepAsync(conn, contact, ct);
        }
        var deal = await conn.QuerySingleOrDefaultAsync<Links>(
            "select company_id as CompanyId, contact_id as ContactId, deleted_at is not null as Deleted from deals.deals where id = @dealId for update",
            new { dealId });
        if (deal is null || deal.Deleted)
        {
            return false;
        }
        var takeCompany = deal.CompanyId is null && company is { Deleted: false };
        var takeContact = deal.ContactId is null && contact is { Deleted: false };
        if (!takeCompany && !takeContact)
        {
            return false;
        }
        if (takeContact)
        {
            var others = await DealLinks.OfDealAsync(conn, dealId);
            await DealLinks.SaveContactsAsync(
                conn, dealId, [new LinkedContact(contact!.ContactId, contact.FullName, true), .. others.Select(o => o with { IsMain = false })]);
        }
        await conn.ExecuteAsync(
            """
            update deals.deals set
                company_id = case when @TakeCompany then @CompanyId else company_id end,
                company_name = case when @TakeCompany then @CompanyName else company_name end,
                contact_id = case when @TakeContact then @ContactId else contact_id end,
                contact_name = case when @TakeContact then @ContactName else contact_name end,
                updated_at = @Now, version = version + 1
            where id = @DealId
            """,
            new
            {
                DealId = dealId,
                TakeCompany = takeCompany,
                company?.CompanyId,
                CompanyName = company?.Name,
                TakeContact = takeContact,
                contact?.ContactId,
                ContactName = contact?.FullName,
                Now = now,
            });
        return true;
    }

    private sealed record Links(Guid? CompanyId, Guid? ContactId, bool Deleted);
}
