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

/// <summary>A contact as its card shows it (the contract's <c>Contact</c>), with its tags.</summary>
internal sealed record ContactResponse(
    Guid Id,
    string FullName,
    string? Position,
    IReadOnlyList<PhoneResponse> Phones,
    IReadOnlyList<EmailResponse> Emails,
    IReadOnlyList<MessengerResponse> Messengers,
    Guid? CompanyId,
    string? CompanyName,
    Guid ResponsibleId,
    IReadOnlyDictionary<string, JsonElement> CustomFields,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    IReadOnlyList<Tags.Tag> Tags);

/// <summary>A contact's own fields as a save writes them (already cleaned and normalised).</summary>
internal sealed record ContactFields(string FullName, string? Position, Guid? CompanyId, string Custom, Channels.Set Channels);

/// <summary>A row of directory.contacts; <see cref="Columns"/> selects it.</summary>
internal sealed record ContactRow(
    Guid Id, string FullName, string? Position, Guid? CompanyId, Guid ResponsibleId, string Custom,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public const string Columns = """
        id as Id, full_name as FullName, position as Position, company_id as CompanyId, responsible_id as ResponsibleId,
        custom::text as Custom, created_at as CreatedAt, updated_at as UpdatedAt, version as Version
        """;
}

/// <summary>Reading, writing and the access rules of contacts, shared by their slices.</summary>
internal static class Contacts
{
    public static NotFoundException NotFound() => new(T.Pick("Контакт не найден", "Contact not found"));

    /// <summary>Locks a live contact's row; managers change only their own; a stale version is a conflict.</summary>
    public static async Task<ContactRow> LoadForChangeAsync(IDbConnection conn, Guid id, int? version, CurrentUser user)
    {
        var contact = await conn.QuerySingleOrDefaultAsync<ContactRow>(
            $"select {ContactRow.Columns} from directory.contacts where id = @id and deleted_at is null for update", new { id })
            ?? throw NotFound();
        if (!user.IsSupervisor && contact.ResponsibleId != user.Id)
        {
            throw new ForbiddenException(T.Pick(
                "Менеджер может менять только свои контакты", "A manager may change only the contacts they are responsible for"));
        }
        if (version is { } expected && expected != contact.Version)
        {
            throw new ConcurrencyConflictException(T.Pick(
                "Контакт уже изменил кто-то другой. Обновите страницу и повторите.",
                "Someone else has changed this contact. Reload and try again."));
        }
        return contact;
    }

    /// <summary>
    /// The company a contact is put in must be live: an unknown or deleted one is a 400 on
    /// <c>companyId</c>. The company's row is share-locked so it cannot be deleted meanwhile.
    /// </summary>
    public static async Task EnsureCompanyLiveAsync(IDbConnection conn, Guid? companyId)
    {
        if (companyId is not { } id)
        {
            return;
        }
        var live = await conn.QuerySingleOrDefaultAsync<bool?>(
            "select deleted_at is null from directory.companies where id = @id for share", new { id });
        if (live != true)
        {
            throw new FieldValidationException("companyId", live is null
                ? T.Pick("Такой компании нет", "There is no such company")
                : T.Pick("Компания удалена", "The company has been deleted"));
        }
    }

    /// <summary>A live contact with its phones, e-mails, messengers and company name, or null.</summary>
    public static async Task<ContactResponse?> ReadAsync(IDbConnection conn, Guid id)
    {
        var row = await conn.QuerySingleOrDefaultAsync<ContactRow>(
            $"select {ContactRow.Columns} from directory.contacts where id = @id and deleted_at is null", new { id });
        if (row is null)
        {
            return null;
        }
        var channels = (await Channels.ReadAsync(conn, Owner.Contact, [id]))[id];
        var companyName = row.CompanyId is { } companyId
            ? await conn.ExecuteScalarAsync<string?>("select name from directory.companies where id = @companyId", new { companyId })
            : null;
        return new ContactResponse(
            row.Id, row.FullName, row.Position, channels.Phones, channels.Emails, channels.Messengers, row.CompanyId, companyName,
            row.ResponsibleId, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.Custom) ?? [],
            row.CreatedAt, row.UpdatedAt, row.Version, await RecordTags.OfAsync(conn, Entities.Contact, id));
    }

    /// <summary>Inserts a contact with the given (new) id and publishes ContactCreated.</summary>
    public static Task CreateAsync(
        IDbConnection conn, IEventPublisher events, Guid id, ContactFields fields, Guid responsibleId, Guid createdBy,
        DateTimeOffset now, CancellationToken ct) =>
        CreateAllAsync(conn, events, [(id, fields)], responsibleId, createdBy, now, ct);

    /// <summary>Inserts contacts with the given (new) ids and publishes a ContactCreated for each, in their order: a statement per table.</summary>
    public static async Task CreateAllAsync(
        IDbConnection conn, IEventPublisher events, IReadOnlyList<(Guid Id, ContactFields Fields)> contacts, Guid responsibleId, Guid createdBy,
        DateTimeOffset now, CancellationToken ct)
    {
        await InsertAllAsync(conn, contacts.Select(c => (c.Id, c.Fields, responsibleId)).ToList(), createdBy, now);
        var states = (await RecordStates.ContactsAsync(conn, contacts.Select(c => c.Id).ToList())).ToDictionary(s => s.ContactId);
        await events.PublishAllAsync(contacts.Select(c => (IntegrationEvent)new ContactCreated(states[c.Id], createdBy)).ToList(), ct);
    }

    /// <summary>
    /// Inserts contacts with the given (new) ids, each its responsible's, with their channels: a statement per table whatever
    /// their number. Their ContactCreated is the caller's to publish.
    /// </summary>
    public static async Task InsertAllAsync(
        IDbConnection conn, IReadOnlyList<(Guid Id, ContactFields Fields, Guid ResponsibleId)> contacts, Guid createdBy, DateTimeOffset now)
    {
        if (contacts.Count == 0)
        {
            return;
        }
        // idle (the column's default): a task can name a contact only once Tasks has heard its
        // ContactCreated, published with this insert, so no count of it can be there before.
        await conn.ExecuteAsync(
            """
            insert into directory.contacts (id, full_name, position, company_id, responsible_id, custom,
                name_key, search, phone_digits, created_by, created_at, updated_by, updated_at)
            select c.id, c.full_name, c.position, c.company_id, c.responsible_id, c.custom::jsonb,
                c.name_key, c.search, c.phone_digits, @createdBy, @now, @createdBy, @now
            from unnest(@Ids, @FullNames, @Positions, @CompanyIds, @Customs, @ResponsibleIds, @NameKeys, @Searches, @PhoneDigits)
                as c(id, full_name, position, company_id, custom, responsible_id, name_key, search, phone_digits)
            """,
            Columns(contacts.Select(c => (c.Id, c.Fields)).ToList(), new { ResponsibleIds = contacts.Select(c => c.ResponsibleId).ToArray(), createdBy, now }));
        await Channels.WriteAllAsync(conn, Owner.Contact, contacts.Select(c => (c.Id, c.Fields.Channels)).ToList(), replace: false);
    }

    /// <summary>Writes a contact's fields and channels and moves its version on; the caller has locked the row.</summary>
    public static Task UpdateAsync(IDbConnection conn, Guid id, ContactFields fields, Guid responsibleId, Guid updatedBy, DateTimeOffset now) =>
        UpdateAllAsync(conn, [(id, fields, responsibleId)], updatedBy, now);

    /// <summary>Writes several contacts' fields and channels and moves their versions on; the caller has locked the rows.</summary>
    public static async Task UpdateAllAsync(
        IDbConnection conn, IReadOnlyList<(Guid Id, ContactFields Fields, Guid ResponsibleId)> contacts, Guid updatedBy, DateTimeOffset now)
    {
        if (contacts.Count == 0)
        {
            return;
        }
        await conn.ExecuteAsync(
            """
            update directory.contacts c
            set full_name = u.full_name, position = u.position, company_id = u.company_id, responsible_id = u.responsible_id,
                custom = u.custom::jsonb, name_key = u.name_key, search = u.search, phone_digits = u.phone_digits,
                updated_by = @updatedBy, updated_at = @now, version = c.version + 1
            from unnest(@Ids, @FullNames, @Positions, @CompanyIds, @ResponsibleIds, @Customs, @NameKeys, @Searches, @PhoneDigits)
                as u(id, full_name, position, company_id, responsible_id, custom, name_key, search, phone_digits)
            where c.id = u.id
            """,
            Columns(contacts.Select(c => (c.Id, c.Fields)).ToList(), new { ResponsibleIds = contacts.Select(c => c.ResponsibleId).ToArray(), updatedBy, now }));
        await Channels.WriteAllAsync(conn, Owner.Contact, contacts.Select(c => (c.Id, c.Fields.Channels)).ToList(), replace: true);
    }

    /// <summary>The parameters of an insert or update of several contacts: a column array each, in their order, and <paramref name="more"/>.</summary>
    private static DynamicParameters Columns(IReadOnlyList<(Guid Id, ContactFields Fields)> contacts, object more)
    {
        var p = new DynamicParameters(new
        {
            Ids = contacts.Select(c => c.Id).ToArray(),
            FullNames = contacts.Select(c => c.Fields.FullName).ToArray(),
            Positions = contacts.Select(c => c.Fields.Position).ToArray(),
            CompanyIds = contacts.Select(c => c.Fields.CompanyId).ToArray(),
            Customs = contacts.Select(c => c.Fields.Custom).ToArray(),
            NameKeys = contacts.Select(c => SearchKeys.Fold(c.Fields.FullName)).ToArray(),
            Searches = contacts.Select(c => SearchText(c.Fields)).ToArray(),
            PhoneDigits = contacts.Select(c => PhoneDigits(c.Fields)).ToArray(),
        });
        p.AddDynamicParams(more);
        return p;
    }

    private static string SearchText(ContactFields fields) =>
        SearchKeys.SearchText(fields.FullName, fields.Channels.Emails.Select(e => e.Address));

    private static string PhoneDigits(ContactFields fields) => SearchKeys.PhoneDigits(fields.Channels.Phones.Select(p => p.Number));
}
