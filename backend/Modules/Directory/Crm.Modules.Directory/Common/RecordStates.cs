using System.Data;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// A company's <see cref="CompanyState"/> and a contact's <see cref="ContactState"/> as their events
/// carry them, read from the row after the change in the change's own transaction (so the version and
/// the fields always match). Every publisher of a company or contact event and the replay read them here.
/// </summary>
internal static class RecordStates
{
    /// <summary>The state of the companies (<c>directory.companies c</c>) a query selects (rows of <see cref="CompanyRow"/>).</summary>
    public const string SelectCompany = """
        select c.id as CompanyId, c.version as Version, c.name as Name, c.responsible_id as ResponsibleId,
            c.deleted_at is not null as Deleted, c.merged_into as MergedInto, c.tag_ids as TagIds
        from directory.companies c
        """;

    /// <summary>The state of the contacts (<c>directory.contacts c</c>) a query selects (rows of <see cref="ContactRow"/>).</summary>
    public const string SelectContact = """
        select c.id as ContactId, c.version as Version, c.full_name as FullName, c.company_id as CompanyId,
            c.responsible_id as ResponsibleId, c.deleted_at is not null as Deleted, c.merged_into as MergedInto, c.tag_ids as TagIds
        from directory.contacts c
        """;

    /// <summary>
    /// A row of <see cref="SelectCompany"/>. Settable properties, not a constructor: Npgsql names an array
    /// column's type System.Array, which Dapper cannot match to a constructor's parameter.
    /// </summary>
    internal sealed class CompanyRow
    {
        public Guid CompanyId { get; set; }

        public int Version { get; set; }

        public string Name { get; set; } = "";

        public Guid ResponsibleId { get; set; }

        public bool Deleted { get; set; }

        public Guid? MergedInto { get; set; }

        public Guid[] TagIds { get; set; } = [];

        public CompanyState ToState() => new(CompanyId, Version, Name, ResponsibleId, Deleted, MergedInto, TagIds);
    }

    /// <summary>A row of <see cref="SelectContact"/> (see <see cref="CompanyRow"/>).</summary>
    internal sealed class ContactRow
    {
        public Guid ContactId { get; set; }

        public int Version { get; set; }

        public string FullName { get; set; } = "";

        public Guid? CompanyId { get; set; }

        public Guid ResponsibleId { get; set; }

        public bool Deleted { get; set; }

        public Guid? MergedInto { get; set; }

        public Guid[] TagIds { get; set; } = [];

        public ContactState ToState() => new(ContactId, Version, FullName, CompanyId, ResponsibleId, Deleted, MergedInto, TagIds);
    }

    public static async Task<CompanyState> CompanyAsync(IDbConnection conn, Guid id) =>
        (await conn.QuerySingleAsync<CompanyRow>($"{SelectCompany} where c.id = @id", new { id })).ToState();

    public static async Task<ContactState> ContactAsync(IDbConnection conn, Guid id) =>
        (await conn.QuerySingleAsync<ContactRow>($"{SelectContact} where c.id = @id", new { id })).ToState();

    /// <summary>The states of several companies, in id order.</summary>
    public static async Task<IReadOnlyList<CompanyState>> CompaniesAsync(IDbConnection conn, IReadOnlyCollection<Guid> ids) =>
        ids.Count == 0
            ? []
            : (await conn.QueryAsync<CompanyRow>($"{SelectCompany} where c.id = any(@ids) order by c.id", new { ids = ids.ToArray() }))
                .Select(r => r.ToState()).ToList();

    /// <summary>The states of several contacts, in id order (the order their rows were locked in).</summary>
    public static async Task<IReadOnlyList<ContactState>> ContactsAsync(IDbConnection conn, IReadOnlyCollection<Guid> ids) =>
        ids.Count == 0
            ? []
            : (await conn.QueryAsync<ContactRow>($"{SelectContact} where c.id = any(@ids) order by c.id", new { ids = ids.ToArray() }))
                .Select(r => r.ToState()).ToList();
}
