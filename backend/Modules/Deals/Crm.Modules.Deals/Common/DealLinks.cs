using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Deals.Contracts;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A contact as the deal form sends it: a suggestion picked from the Lists (<see cref="ContactId"/>;
/// the rest is ignored), or a new contact (a name, and what is known of its phone and e-mail).
/// </summary>
internal sealed record DealContactInput(Guid? ContactId, string? Name, string? Phone, string? Email, bool? IsMain);

/// <summary>The company and contacts of CreateDeal and UpdateDeal, checked by <see cref="DealLinksValidator"/>.</summary>
internal interface IDealLinks
{
    Guid? CompanyId { get; }

    string? CompanyName { get; }

    IReadOnlyList<DealContactInput>? Contacts { get; }
}

/// <summary>
/// The rules of a deal's company and contacts; phones and e-mails are judged by the same building
/// blocks as Directory's, so a number Deals accepts is one Directory accepts.
/// </summary>
internal sealed class DealLinksValidator : AbstractValidator<IDealLinks>
{
    public DealLinksValidator()
    {
        RuleFor(c => c.CompanyName).MaxText(DealRules.NameMaxLength).When(c => c.CompanyId is null);
        RuleFor(c => c.Contacts)
            .Must(c => c is null || c.Count <= DealLinks.MaxContacts)
            .WithMessage(_ => T.Pick($"Не больше {DealLinks.MaxContacts} контактов", $"At most {DealLinks.MaxContacts} contacts"))
            .Must(c => c is null || c.Count(x => x?.IsMain == true) <= 1)
            .WithMessage(_ => T.Pick("Основным может быть только один контакт", "Only one contact can be the main one"));
        RuleForEach(c => c.Contacts).NotNull().ChildRules(contact =>
        {
            contact.RuleFor(x => x.Name)
                .Must(n => !string.IsNullOrWhiteSpace(n))
                .WithMessage(_ => T.Pick("Укажите имя нового контакта", "Enter the new contact's name"))
                .MaxText(DealRules.NameMaxLength)
                .When(x => x.ContactId is null);
            contact.RuleFor(x => x.Phone)
                .Must(p => string.IsNullOrWhiteSpace(p) || Phones.TryNormalize(p, out _))
                .WithMessage(_ => T.Pick("Это не номер телефона", "Not a valid phone number"))
                .When(x => x.ContactId is null);
            contact.RuleFor(x => x.Email)
                .Must(e => string.IsNullOrWhiteSpace(e) || Emails.TryNormalize(e, out _))
                .WithMessage(_ => T.Pick("Это не адрес электронной почты", "Not a valid e-mail address"))
                .When(x => x.ContactId is null);
        });
    }
}

/// <summary>One contact of a deal as stored in deals.deal_contacts.</summary>
internal sealed record LinkedContact(Guid ContactId, string Name, bool IsMain);

/// <summary>
/// Turns the form's company and contacts into the deal's links. A picked record is looked up in
/// Deals' copy of Directory's names (following a merge to its survivor); a new one gets its id
/// at once, goes into the copy and is announced with DealCompanyEntered / DealContactEntered in
/// the deal's transaction, so Directory creates it with that id.
/// </summary>
internal static class DealLinks
{
    public const int MaxContacts = 20;

    /// <summary>A record of the copy as requested (<see cref="Requested"/>) and as it is now (a merge's survivor).</summary>
    internal sealed record Named(Guid Requested, Guid Id, string Name);

    /// <summary>
    /// The deal's company: the picked one (400 when Directory has no such company), a new one, or none.
    /// <paramref name="dealVersion"/> is the deal's version after this change (what its event will carry).
    /// </summary>
    public static async Task<(Guid? Id, string? Name)> CompanyAsync(
        IDbConnection conn, IEventPublisher events, Guid dealId, int dealVersion, IDealLinks form, Guid responsibleId, Guid me, CancellationToken ct)
    {
        if (form.CompanyId is { } picked)
        {
            var company = await conn.QuerySingleOrDefaultAsync<Named>(
                """
                select r.id as Requested, c.id as Id, c.name as Name from deals.companies r
                join deals.companies c on c.id = coalesce(r.merged_into, r.id) and not c.deleted
                where r.id = @picked
                """,
                new { picked });
            return company is not null
                ? (company.Id, company.Name)
                : throw new FieldValidationException("companyId", T.Pick("Такой компании нет в Списках", "There is no such company in the Lists"));
        }
        if (DealRules.Clean(form.CompanyName) is not { } name)
        {
            return (null, null);
        }
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync("insert into deals.companies (id, name) values (@id, @name)", new { id, name });
        await events.PublishAsync(new DealCompanyEntered(dealId, id, name, responsibleId, me) { DealVersion = dealVersion }, ct);
        return (id, name);
    }

    /// <summary>
    /// The deal's contacts in the form's order: picked ones by their names in the copy (400 on
    /// <c>contacts[i].contactId</c> when unknown), new ones created. The first is main unless one
    /// says so; a contact given twice (or two merged into one) is kept once.
    /// </summary>
    public static async Task<IReadOnlyList<LinkedContact>> ContactsAsync(
        IDbConnection conn, IEventPublisher events, Guid dealId, int dealVersion, IReadOnlyList<DealContactInput> inputs, Guid? companyId,
        Guid responsibleId, Guid me, CancellationToken ct)
    {
        var pickedIds = inputs.Where(x => x.ContactId is not null).Select(x => x.ContactId!.Value).Distinct().ToArray();
        var known = (await conn.QueryAsync<Named>(
            """
            select r.id as Requested, c.id as Id, c.name as Name from deals.contacts r
            join deals.contacts c on c.id = coalesce(r.merged_into, r.id) and not c.deleted
            where r.id = any(@pickedIds)
            """,
            new { pickedIds })).ToDictionary(k => k.Requested, k => (k.Id, k.Name));

        var mainIndex = Math.Max(0, inputs.ToList().FindIndex(x => x.IsMain == true));
        var linked = new List<LinkedContact>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            Guid id;
            string name;
            if (input.ContactId is { } picked)
            {
                (id, name) = known.TryGetValue(picked, out var found)
                    ? found
                    : throw new FieldValidationException($"contacts[{i}].contactId", T.Pick("Такого контакта нет в Списках", "There is no such contact in the Lists"));
            }
            else
            {
                id = Guid.CreateVersion7();
                name = DealRules.Clean(input.Name)!;
                var phone = Phones.TryNormalize(input.Phone, out var e164) ? e164 : null;
                var email = Emails.TryNormalize(input.Email, out var address) ? address : null;
                await conn.ExecuteAsync("insert into deals.contacts (id, name) values (@id, @name)", new { id, name });
                await events.PublishAsync(
                    new DealContactEntered(dealId, id, name, phone, email, companyId, responsibleId, me) { DealVersion = dealVersion }, ct);
            }
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

    /// <summary>Replaces the deal's rows in deals.deal_contacts.</summary>
    public static async Task SaveContactsAsync(IDbConnection conn, Guid dealId, IReadOnlyList<LinkedContact> contacts)
    {
        await conn.ExecuteAsync("delete from deals.deal_contacts where deal_id = @dealId", new { dealId });
        if (contacts.Count == 0)
        {
            return;
        }
        await conn.ExecuteAsync(
            """
            insert into deals.deal_contacts (deal_id, contact_id, name, is_main, position)
            select @dealId, c.id, c.name, c.main, (c.n - 1)::int
            from unnest(@Ids, @Names, @Mains) with ordinality as c(id, name, main, n)
            """,
            new
            {
                dealId,
                Ids = contacts.Select(c => c.ContactId).ToArray(),
                Names = contacts.Select(c => c.Name).ToArray(),
                Mains = contacts.Select(c => c.IsMain).ToArray(),
            });
    }

    /// <summary>The contacts a deal has now, in order (for an update that leaves them out).</summary>
    public static async Task<IReadOnlyList<LinkedContact>> OfDealAsync(IDbConnection conn, Guid dealId) =>
        (await conn.QueryAsync<LinkedContact>(
            """
            select contact_id as ContactId, name as Name, is_main as IsMain
            from deals.deal_contacts where deal_id = @dealId order by position
            """,
            new { dealId })).AsList();
}
