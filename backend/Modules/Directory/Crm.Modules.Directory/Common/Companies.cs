using System.Data;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>A contact as its company's card lists it.</summary>
internal sealed record CompanyContactResponse(Guid Id, string FullName, string? Position, string? Phone, string? Email);

/// <summary>A company as its card shows it (the contract's <c>Company</c>), with its tags.</summary>
internal sealed record CompanyResponse(
    Guid Id,
    string Name,
    IReadOnlyList<PhoneResponse> Phones,
    IReadOnlyList<EmailResponse> Emails,
    string? Website,
    string? Address,
    string? Region,
    string? TaxId,
    string? Notes,
    Guid ResponsibleId,
    IReadOnlyDictionary<string, JsonElement> CustomFields,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    IReadOnlyList<CompanyContactResponse> Contacts,
    IReadOnlyList<Tags.Tag> Tags);

/// <summary>A company's own fields as a save writes them (already cleaned and normalised).</summary>
internal sealed record CompanyFields(
    string Name, string? Website, string? Address, string? Region, string? TaxId, string? Notes, string Custom, Channels.Set Channels);

/// <summary>A row of directory.companies; <see cref="Columns"/> selects it.</summary>
internal sealed record CompanyRow(
    Guid Id, string Name, string? Website, string? Address, string? Region, string? TaxId, string? Notes,
    Guid ResponsibleId, string Custom, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public const string Columns = """
        id as Id, name as Name, website as Website, address as Address, region as Region, tax_id as TaxId, notes as Notes,
        responsible_id as ResponsibleId, custom::text as Custom, created_at as CreatedAt, updated_at as UpdatedAt, version as Version
        """;
}

/// <summary>Reading, writing and the access rules of companies, shared by their slices.</summary>
internal static class Companies
{
    public static NotFoundException NotFound() => new(T.Pick("Компания не найдена", "Company not found"));

    /// <summary>
    /// Locks a live company's row for the rest of the transaction. Managers change only the
    /// companies they are responsible for; a stale <paramref name="version"/> (when given) is a conflict.
    /// </summary>
    public static async Task<CompanyRow> LoadForChangeAsync(IDbConnection conn, Guid id, int? version, CurrentUser user)
    {
        var company = await conn.QuerySingleOrDefaultAsync<CompanyRow>(
            $"select {CompanyRow.Columns} from directory.companies where id = @id and deleted_at is null for update", new { id })
            ?? throw NotFound();
        if (!user.IsSupervisor && company.ResponsibleId != user.Id)
        {
            throw new ForbiddenException(T.Pick(
                "Менеджер может менять только свои компании", "A manager may change only the companies they are responsible for"));
        }
        if (version is { } expected && expected != company.Version)
        {
            throw new ConcurrencyConflictException(T.Pick(
                "Компанию уже изменил кто-то другой. Обновите страницу и повторите.",
                "Someone else has changed this company. Reload and try again."));
        }
        return company;
    }

    /// <summary>A live company with its phones, e-mails and contacts, or null.</summary>
    public static async Task<CompanyResponse?> ReadAsync(IDbConnection conn, Guid id)
    {
        var row = await conn.QuerySingleOrDefaultAsync<CompanyRow>(
            $"select {CompanyRow.Columns} from directory.companies where id = @id and deleted_at is null", new { id });
        if (row is null)
        {
            return null;
        }
        var channels = (await Channels.ReadAsync(conn, Owner.Company, [id]))[id];
        var contacts = await conn.QueryAsync<CompanyContactResponse>(
            """
            select c.id as Id, c.full_name as FullName, c.position as Position,
                (select p.number from directory.contact_phones p where p.contact_id = c.id order by p.position limit 1) as Phone,
                (select e.address from directory.contact_emails e where e.contact_id = c.id order by e.position limit 1) as Email
            from directory.contacts c
            where c.company_id = @id and c.deleted_at is null
            order by c.name_key, c.id
            """,
            new { id });
        return new CompanyResponse(
            row.Id, row.Name, channels.Phones, channels.Emails, row.Website, row.Address, row.Region, row.TaxId, row.Notes,
            row.ResponsibleId, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.Custom) ?? [],
            row.CreatedAt, row.UpdatedAt, row.Version,
            contacts.Select(c => c with { Phone = c.Phone is null ? null : Crm.BuildingBlocks.Text.Phones.Display(c.Phone) }).ToList(),
            await RecordTags.OfAsync(conn, Entities.Company, id));
    }

    /// <summary>The live company of each of these names (folded name → id; of several, the last updated).</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> LiveByNameAsync(IDbConnection conn, IEnumerable<string> names)
    {
        var keys = names.Select(SearchKeys.Fold).Distinct().ToArray();
        return keys.Length == 0 ? new Dictionary<string, Guid>() : (await conn.QueryAsync<(string Key, Guid Id)>(
            """
            select distinct on (name_key) name_key, id from directory.companies
            where name_key = any(@keys) and deleted_at is null
            order by name_key, updated_at desc, id
            """,
            new { keys })).ToDictionary(c => c.Key, c => c.Id);
    }

    /// <summary>Inserts a company with the given (new) id and publishes CompanyCreated.</summary>
    public static Task CreateAsync(
        IDbConnection conn, IEventPublisher events, Guid id, CompanyFields fields, Guid responsibleId, Guid createdBy,
        DateTimeOffset now, CancellationToken ct) =>
        CreateAllAsync(conn, events, [(id, fields)], responsibleId, createdBy, now, ct);

    /// <summary>Inserts companies with the given (new) ids and publishes a CompanyCreated for each, in their order: a statement per table.</summary>
    public static async Task CreateAllAsync(
        IDbConnection conn, IEventPublisher events, IReadOnlyList<(Guid Id, CompanyFields Fields)> companies, Guid responsibleId, Guid createdBy,
        DateTimeOffset now, CancellationToken ct)
    {
        await InsertAllAsync(conn, companies.Select(c => (c.Id, c.Fields, responsibleId)).ToList(), createdBy, now);
        var states = (await RecordStates.CompaniesAsync(conn, companies.Select(c => c.Id).ToList())).ToDictionary(s => s.CompanyId);
        await events.PublishAllAsync(companies.Select(c => (IntegrationEvent)new CompanyCreated(states[c.Id], createdBy)).ToList(), ct);
    }

    /// <summary>
    /// Inserts companies with the given (new) ids, each its responsible's, with their channels: a statement per table whatever
    /// their number. Their CompanyCreated is the caller's to publish.
    /// </summary>
    public static async Task InsertAllAsync(
        IDbConnection conn, IReadOnlyList<(Guid Id, CompanyFields Fields, Guid ResponsibleId)> companies, Guid createdBy, DateTimeOffset now)
    {
        if (companies.Count == 0)
        {
            return;
        }
        // idle (the column's default): the ids are new, nobody else knows them yet, so nothing is open on them.
        await conn.ExecuteAsync(
            """
            insert into directory.companies (id, name, website, address, region, tax_id, notes, responsible_id, custom,
                name_key, search, phone_digits, created_by, created_at, updated_by, updated_at)
            select c.id, c.name, c.website, c.address, c.region, c.tax_id, c.notes, c.responsible_id, c.custom::jsonb,
                c.name_key, c.search, c.phone_digits, @createdBy, @now, @createdBy, @now
            from unnest(@Ids, @Names, @Websites, @Addresses, @Regions, @TaxIds, @Notes, @Customs, @ResponsibleIds, @NameKeys, @Searches, @PhoneDigits)
                as c(id, name, website, address, region, tax_id, notes, custom, responsible_id, name_key, search, phone_digits)
            """,
            Columns(companies.Select(c => (c.Id, c.Fields)).ToList(), new { ResponsibleIds = companies.Select(c => c.ResponsibleId).ToArray(), createdBy, now }));
        await Channels.WriteAllAsync(conn, Owner.Company, companies.Select(c => (c.Id, c.Fields.Channels)).ToList(), replace: false);
    }

    /// <summary>Writes a company's fields and channels and moves its version on; the caller has locked the row.</summary>
    public static Task UpdateAsync(IDbConnection conn, Guid id, CompanyFields fields, Guid responsibleId, Guid updatedBy, DateTimeOffset now) =>
        UpdateAllAsync(conn, [(id, fields, responsibleId)], updatedBy, now);

    /// <summary>Writes several companies' fields and channels and moves their versions on; the caller has locked the rows.</summary>
    public static async Task UpdateAllAsync(
        IDbConnection conn, IReadOnlyList<(Guid Id, CompanyFields Fields, Guid ResponsibleId)> companies, Guid updatedBy, DateTimeOffset now)
    {
        if (companies.Count == 0)
        {
            return;
        }
        await conn.ExecuteAsync(
            """
            update directory.companies c
            set name = u.name, website = u.website, address = u.address, region = u.region, tax_id = u.tax_id, notes = u.notes,
                responsible_id = u.responsible_id, custom = u.custom::jsonb, name_key = u.name_key, search = u.search,
                phone_digits = u.phone_digits, updated_by = @updatedBy, updated_at = @now, version = c.version + 1
            from unnest(@Ids, @Names, @Websites, @Addresses, @Regions, @TaxIds, @Notes, @ResponsibleIds, @Customs, @NameKeys, @Searches, @PhoneDigits)
                as u(id, name, website, address, region, tax_id, notes, responsible_id, custom, name_key, search, phone_digits)
            where c.id = u.id
            """,
            Columns(companies.Select(c => (c.Id, c.Fields)).ToList(), new { ResponsibleIds = companies.Select(c => c.ResponsibleId).ToArray(), updatedBy, now }));
        await Channels.WriteAllAsync(conn, Owner.Company, companies.Select(c => (c.Id, c.Fields.Channels)).ToList(), replace: true);
    }

    /// <summary>The parameters of an insert or update of several companies: a column array each, in their order, and <paramref name="more"/>.</summary>
    private static DynamicParameters Columns(IReadOnlyList<(Guid Id, CompanyFields Fields)> companies, object more)
    {
        var p = new DynamicParameters(new
        {
            Ids = companies.Select(c => c.Id).ToArray(),
            Names = companies.Select(c => c.Fields.Name).ToArray(),
            Websites = companies.Select(c => c.Fields.Website).ToArray(),
            Addresses = companies.Select(c => c.Fields.Address).ToArray(),
            Regions = companies.Select(c => c.Fields.Region).ToArray(),
            TaxIds = companies.Select(c => c.Fields.TaxId).ToArray(),
            Notes = companies.Select(c => c.Fields.Notes).ToArray(),
            Customs = companies.Select(c => c.Fields.Custom).ToArray(),
            NameKeys = companies.Select(c => SearchKeys.Fold(c.Fields.Name)).ToArray(),
            Searches = companies.Select(c => SearchText(c.Fields)).ToArray(),
            PhoneDigits = companies.Select(c => PhoneDigits(c.Fields)).ToArray(),
        });
        p.AddDynamicParams(more);
        return p;
    }

    private static string SearchText(CompanyFields fields) =>
        SearchKeys.SearchText(fields.Name, fields.Channels.Emails.Select(e => e.Address), fields.TaxId);

    private static string PhoneDigits(CompanyFields fields) => SearchKeys.PhoneDigits(fields.Channels.Phones.Select(p => p.Number));
}
