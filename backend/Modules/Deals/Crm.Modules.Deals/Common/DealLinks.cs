using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A contact of the deal form: a record of the Lists by its id (a new one is added to the Lists
/// first, through Directory's POST and its duplicate rules), and whether it is the main one.
/// </summary>
internal sealed record DealContactInput(Guid? ContactId, bool? IsMain);

/// <summary>The company and contacts of CreateDeal and UpdateDeal, checked by <see cref="DealLinksValidator"/>.</summary>
internal interface IDealLinks
{
    Guid? CompanyId { get; }

    /// <summary>
    /// Not a way to name a company: a name without <see cref="CompanyId"/> is refused (it used to create the
    /// company behind the Lists' back), except a deal from before the Lists sending its typed name back unchanged.
    /// </summary>
    string? CompanyName { get; }

    IReadOnlyList<DealContactInput>? Contacts { get; }
}

/// <summary>
/// The rules of a deal's company and contacts: they are records of the Lists, referred to by id. A
/// company or contact typed anew is added to the Lists first (POST /api/directory/companies or
/// /contacts, which offer an existing look-alike), then named here by its id.
/// </summary>
internal sealed class DealLinksValidator : AbstractValidator<IDealLinks>
{
    public DealLinksValidator()
    {
        RuleFor(c => c.Contacts)
            .Must(c => c is null || c.Count <= DealLinks.MaxContacts)
            .WithMessage(_ => T.Pick($"Не больше {DealLinks.MaxContacts} контактов", $"At most {DealLinks.MaxContacts} contacts"))
            .Must(c => c is null || c.Count(x => x?.IsMain == true) <= 1)
            .WithMessage(_ => T.Pick("Основным может быть только один контакт", "Only one contact can be the main one"));
        RuleForEach(c => c.Contacts).NotNull().ChildRules(contact =>
            contact.RuleFor(x => x.ContactId)
                .NotEmpty()
                .WithMessage(_ => T.Pick("Выберите контакт из Списков или добавьте его туда", "Pick a contact from the Lists or add it there")));
    }
}

/// <summary>One contact of a deal as stored in deals.deal_contacts.</summary>
internal sealed record LinkedContact(Guid ContactId, string Name, bool IsMain);

/// <summary>
/// Turns the form's company and contacts into the deal's links: each is looked up in Deals' copy of
/// the Lists (following a merge to its survivor). A record added to the Lists a moment ago may not
/// be in the copy yet: then Deals waits for Directory's events about it to be handled
/// (read-your-writes, <see cref="EventCatchUp"/>) before it says there is no such record.
/// </summary>
internal static class DealLinks
{
    public const int MaxContacts = 20;

    /// <summary>A record of the copy as requested (<see cref="Requested"/>) and as it is now (a merge's survivor).</summary>
    internal sealed record Named(Guid Requested, Guid Id, string Name);

    private const string CompaniesSql = """
        select r.id as Requested, c.id as Id, c.name as Name from deals.companies r
        join deals.companies c on c.id = coalesce(r.merged_into, r.id) and not c.deleted
        where r.id = any(@ids)
        """;

    private const string ContactsSql = """
        select r.id as Requested, c.id as Id, c.name as Name from deals.contacts r
        join deals.contacts c on c.id = coalesce(r.merged_into, r.id) and not c.deleted
        where r.id = any(@ids)
        """;

    /// <summary>A company typed in by name (400 on companyName): it is added to the Lists first, then named by id.</summary>
    public static FieldValidationException TypedCompany() => new("companyName", TypedCompanyMessage());

    public static string TypedCompanyMessage() =>
        T.Pick("Выберите компанию из Списков или добавьте её туда", "Pick a company from the Lists or add it there");

    /// <summary>The deal's company: the picked one (400 when the Lists have no such live company), or none.</summary>
    public static async Task<(Guid? Id, string? Name)> CompanyAsync(IDbConnection conn, EventCatchUp catchUp, IDealLinks form, CancellationToken ct)
    {
        if (form.CompanyId is not { } picked)
        {
            return (null, null);
        }
        var found = await FindAsync(conn, catchUp, CompaniesSql, [picked], ct);
        return found.TryGetValue(picked, out var company)
            ? company
            : throw new FieldValidationException("companyId", T.Pick("Такой компании нет в Списках", "There is no such company in the Lists"));
    }

    /// <summary>
    /// The deal's contacts in the form's order, by their names in the copy (400 on
    /// <c>contacts[i].contactId</c> when unknown). The first is main unless one says so; a contact
    /// given twice (or two merged into one) is kept once.
    /// </summary>
    public static async Task<IReadOnlyList<LinkedContact>> ContactsAsync(
        IDbConnection conn, EventCatchUp catchUp, IReadOnlyList<DealContactInput> inputs, CancellationToken ct)
    {
        var known = await FindAsync(conn, catchUp, ContactsSql, inputs.Select(x => x.ContactId!.Value).Distinct().ToArray(), ct);
        var mainIndex = Math.Max(0, inputs.ToList().FindIndex(x => x.IsMain == true));
        var linked = new List<LinkedContact>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (id, name) = known.TryGetValue(inputs[i].ContactId!.Value, out var found)
                ? found
                : throw new FieldValidationException($"contacts[{i}].contactId", T.Pick("Такого контакта нет в Списках", "There is no such contact in the Lists"));
            var existing = linked.FindIndex(c => c.ContactId == id);
            if (existing < 0)
            {
                linked.Add(new LinkedContact(id, name, i == mainIndex));
            }
            else if (i == mainIndex)
            {
                linked[existing] = linked[existing] with { IsMain = true };
            }
        }
        return linked;
    }

    /// <summary>The live records of the copy by requested id; an id not there yet is waited for while Directory's events about it are in flight.</summary>
    private static async Task<Dictionary<Guid, (Guid Id, string Name)>> FindAsync(
        IDbConnection conn, EventCatchUp catchUp, string sql, Guid[] ids, CancellationToken ct)
    {
        var found = await ReadAsync(conn, sql, ids);
        var missing = ids.Where(id => !found.ContainsKey(id)).ToArray();
        if (missing.Length == 0)
        {
            return found;
        }
        foreach (var id in missing)
        {
            await catchUp.WaitAsync(DealsModule.ModuleName, id, ct);
        }
        return await ReadAsync(conn, sql, ids);
    }

    private static async Task<Dictionary<Guid, (Guid Id, string Name)>> ReadAsync(IDbConnection conn, string sql, Guid[] ids) =>
        ids.Length == 0
            ? []
            : (await conn.QueryAsync<Named>(sql, new { ids })).ToDictionary(k => k.Requested, k => (k.Id, k.Name));

    /// <summary>Replaces the deal's rows in deals.deal_contacts.</summary>
    public static Task SaveContactsAsync(IDbConnection conn, Guid dealId, IReadOnlyList<LinkedContact> contacts) =>
        SaveContactsAsync(conn, [(dealId, contacts)]);

    /// <summary>Replaces the rows of several deals in deals.deal_contacts, each its list: two statements whatever their number.</summary>
    public static async Task SaveContactsAsync(IDbConnection conn, IReadOnlyList<(Guid DealId, IReadOnlyList<LinkedContact> Contacts)> deals)
    {
        if (deals.Count == 0)
        {
            return;
        }
        await conn.ExecuteAsync("delete from deals.deal_contacts where deal_id = any(@ids)", new { ids = deals.Select(d => d.DealId).ToArray() });
        var rows = deals.SelectMany(d => d.Contacts.Select((c, i) => (d.DealId, Contact: c, Position: i))).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        await conn.ExecuteAsync(
            """
            insert into deals.deal_contacts (deal_id, contact_id, name, is_main, position)
            select * from unnest(@DealIds, @Ids, @Names, @Mains, @Positions)
            """,
            new
            {
                DealIds = rows.Select(r => r.DealId).ToArray(),
                Ids = rows.Select(r => r.Contact.ContactId).ToArray(),
                Names = rows.Select(r => r.Contact.Name).ToArray(),
                Mains = rows.Select(r => r.Contact.IsMain).ToArray(),
                Positions = rows.Select(r => r.Position).ToArray(),
            });
    }

    /// <summary>The contacts a deal has now, in order (for an update that leaves them out).</summary>
    public static async Task<IReadOnlyList<LinkedContact>> OfDealAsync(IDbConnection conn, Guid dealId) =>
        (await OfDealsAsync(conn, [dealId])).GetValueOrDefault(dealId) ?? [];

    /// <summary>The contacts several deals have now, each deal's in order (deals without: left out).</summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<LinkedContact>>> OfDealsAsync(IDbConnection conn, IReadOnlyCollection<Guid> dealIds) =>
        dealIds.Count == 0 ? [] : (await conn.QueryAsync<(Guid DealId, Guid ContactId, string Name, bool IsMain)>(
            """
            select deal_id, contact_id, name, is_main
            from deals.deal_contacts where deal_id = any(@ids) order by deal_id, position
            """,
            new { ids = dealIds.ToArray() }))
            .GroupBy(r => r.DealId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LinkedContact>)g.Select(r => new LinkedContact(r.ContactId, r.Name, r.IsMain)).ToList());
}
