using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>An existing record that shares a phone, an e-mail or a tax id with the one being saved.</summary>
internal sealed record DuplicateResponse(string Kind, Guid Id, string Name, string MatchedOn, string Value);

/// <summary>
/// Finds live records of the same kind with one of the phones (E.164, so any typed format
/// matches), e-mails or the tax id, and refuses the save with 409 and the list unless the
/// user confirmed the duplicate.
/// </summary>
internal static class Duplicates
{
    /// <summary>A live record that shares <c>MatchedOn</c> (phone, email, taxId) with the one being saved.</summary>
    public sealed record Hit(Guid Id, string Name, string MatchedOn, string Value);

    public static async Task CheckCompanyAsync(IDbConnection conn, Guid? except, Channels.Set set, string? taxId, bool confirmed)
    {
        if (!confirmed)
        {
            Refuse("company", await FindCompaniesAsync(conn, except, set, taxId));
        }
    }

    public static async Task CheckContactAsync(IDbConnection conn, Guid? except, Channels.Set set, bool confirmed)
    {
        if (!confirmed)
        {
            Refuse("contact", await FindContactsAsync(conn, except, set));
        }
    }

    /// <summary>The live companies other than <paramref name="except"/> with one of these phones, e-mails or the tax id.</summary>
    public static Task<IEnumerable<Hit>> FindCompaniesAsync(IDbConnection conn, Guid? except, Channels.Set set, string? taxId) =>
        FindCompaniesAsync(conn, except, set, taxId is null ? [] : [taxId]);

    /// <summary>The live companies other than <paramref name="except"/> with one of these phones, e-mails or tax ids (a batch of an import's at once).</summary>
    public static Task<IEnumerable<Hit>> FindCompaniesAsync(IDbConnection conn, Guid? except, Channels.Set set, IReadOnlyCollection<string> taxIds) =>
        conn.QueryAsync<Hit>(
            """
            select c.id as Id, c.name as Name, 'phone' as MatchedOn, p.number as Value
            from directory.company_phones p join directory.companies c on c.id = p.company_id
            where p.number = any(@Numbers) and c.deleted_at is null and c.id is distinct from @except
            union all
            select c.id, c.name, 'email', e.address
            from directory.company_emails e join directory.companies c on c.id = e.company_id
            where e.address = any(@Addresses) and c.deleted_at is null and c.id is distinct from @except
            union all
            select c.id, c.name, 'taxId', c.tax_id
            from directory.companies c
            where c.tax_id = any(@TaxIds) and c.deleted_at is null and c.id is distinct from @except
            """,
            new { except, TaxIds = taxIds.ToArray(), Numbers = set.Phones.Select(p => p.Number).ToArray(), Addresses = set.Emails.Select(e => e.Address).ToArray() });

    /// <summary>The live contacts other than <paramref name="except"/> with one of these phones or e-mails.</summary>
    public static Task<IEnumerable<Hit>> FindContactsAsync(IDbConnection conn, Guid? except, Channels.Set set) =>
        conn.QueryAsync<Hit>(
            """
            select c.id as Id, c.full_name as Name, 'phone' as MatchedOn, p.number as Value
            from directory.contact_phones p join directory.contacts c on c.id = p.contact_id
            where p.number = any(@Numbers) and c.deleted_at is null and c.id is distinct from @except
            union all
            select c.id, c.full_name, 'email', e.address
            from directory.contact_emails e join directory.contacts c on c.id = e.contact_id
            where e.address = any(@Addresses) and c.deleted_at is null and c.id is distinct from @except
            """,
            new { except, Numbers = set.Phones.Select(p => p.Number).ToArray(), Addresses = set.Emails.Select(e => e.Address).ToArray() });

    private static void Refuse(string kind, IEnumerable<Hit> hits)
    {
        var duplicates = hits
            .DistinctBy(h => (h.Id, h.MatchedOn, h.Value))
            .Take(20)
            .Select(h => new DuplicateResponse(kind, h.Id, h.Name, h.MatchedOn, h.MatchedOn == "phone" ? Phones.Display(h.Value) : h.Value))
            .ToList();
        if (duplicates.Count == 0)
        {
            return;
        }
        throw new ConflictException(
            T.Pick("Возможный дубль", "Possible duplicate"),
            kind == "company"
                ? T.Pick("Компания с таким телефоном, e-mail или ИНН уже есть. Откройте её или сохраните как новую.",
                    "A company with this phone, e-mail or tax id already exists. Open it, or save this one anyway.")
                : T.Pick("Контакт с таким телефоном или e-mail уже есть. Откройте его или сохраните как новый.",
                    "A contact with this phone or e-mail already exists. Open it, or save this one anyway."),
            new Dictionary<string, object?> { ["duplicates"] = duplicates });
    }
}
