using System.Data;
using System.Text.Json;
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

    /// <summary>Inserts a company with the given (new) id and publishes CompanyCreated.</summary>
    public static async Task CreateAsync(
        IDbConnection conn, IEventPublisher events, Guid id, CompanyFields fields, Guid responsibleId, Guid createdBy,
        DateTimeOffset now, CancellationToken ct)
    {
        // idle (the column's default): the id is new, nobody else knows it yet, so nothing is open on it.
        await conn.ExecuteAsync(
            """
            insert into directory.companies (id, name, website, address, region, tax_id, notes, responsible_id, custom,
                name_key, search, phone_digits, created_by, created_at, updated_by, updated_at)
            values (@id, @Name, @Website, @Address, @Region, @TaxId, @Notes, @responsibleId, @Custom::jsonb,
                @NameKey, @Search, @PhoneDigits, @createdBy, @now, @createdBy, @now)
            """,
            new
            {
                id, fields.Name, fields.Website, fields.Address, fields.Region, fields.TaxId, fields.Notes, responsibleId, fields.Custom,
                NameKey = SearchKeys.Fold(fields.Name), Search = SearchText(fields), PhoneDigits = PhoneDigits(fields), createdBy, now,
            });
        await Channels.WriteAsync(conn, Owner.Company, id, fields.Channels);
        await events.PublishAsync(new CompanyCreated(await RecordStates.CompanyAsync(conn, id), createdBy), ct);
    }

    /// <summary>Writes a company's fields and channels and moves its version on; the caller has locked the row.</summary>
    public static async Task UpdateAsync(IDbConnection conn, Guid id, CompanyFields fields, Guid responsibleId, Guid updatedBy, DateTimeOffset now)
    {
        await conn.ExecuteAsync(
            """
            update directory.companies
            set name = @Name, website = @Website, address = @Address, region = @Region, tax_id = @TaxId, notes = @Notes,
                responsible_id = @responsibleId, custom = @Custom::jsonb, name_key = @NameKey, search = @Search,
                phone_digits = @PhoneDigits, updated_by = @updatedBy, updated_at = @now, version = version + 1
            where id = @id
            """,
            new
            {
                id, fields.Name, fields.Website, fields.Address, fields.Region, fields.TaxId, fields.Notes, responsibleId, fields.Custom,
                NameKey = SearchKeys.Fold(fields.Name), Search = SearchText(fields), PhoneDigits = PhoneDigits(fields), updatedBy, now,
            });
        await Channels.WriteAsync(conn, Owner.Company, id, fields.Channels);
    }

    private static string SearchText(CompanyFields fields) =>
        SearchKeys.SearchText(fields.Name, fields.Channels.Emails.Select(e => e.Address), fields.TaxId);

    private static string PhoneDigits(CompanyFields fields) => SearchKeys.PhoneDigits(fields.Channels.Phones.Select(p => p.Number));
}
