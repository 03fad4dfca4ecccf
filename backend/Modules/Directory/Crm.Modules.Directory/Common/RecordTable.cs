using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Tables;
using Dapper;
using Npgsql;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// The companies and contacts tables («Списки») as tables «как в Excel»: the columns each can be
/// filtered by (<c>f.&lt;column&gt;</c>, the building block's grammar, <see cref="ColumnFilters"/>), as SQL on
/// the record aliased <c>c</c>, and keyset pages (<c>after</c>/<c>limit</c>) over the list's sorts. The
/// routes and columns are in docs/directory-api.md ("The tables").
/// </summary>
internal static class RecordTable
{
    private static FilterColumn Emails(string table, string key) => new(
        $"(select string_agg(e.address, ' ') from directory.{table} e where e.{key} = c.id)", FilterKind.Text, true,
        Candidates: "c.search", EmptySql: $"not exists (select 1 from directory.{table} e where e.{key} = c.id)");

    private static readonly FilterColumn Phone = new("c.phone_digits", FilterKind.Digits, true, EmptySql: "c.phone_digits = ''");

    /// <summary>Any of the tags given, on the GIN index of <c>tag_ids</c>; empty: no tag at all.</summary>
    private static readonly FilterColumn Tagged = new("c.tag_ids", FilterKind.AnyId, true, EmptySql: "cardinality(c.tag_ids) = 0");

    public static readonly IReadOnlyDictionary<string, FilterColumn> CompanyColumns = new Dictionary<string, FilterColumn>(StringComparer.Ordinal)
    {
        ["name"] = new("c.name", FilterKind.Text, false, Candidates: "c.search"),
        ["phone"] = Phone,
        ["email"] = Emails("company_emails", "company_id"),
        ["taxId"] = new("c.tax_id", FilterKind.Text, true, Candidates: "c.search"),
        ["region"] = new("c.region", FilterKind.Text, true),
        ["website"] = new("c.website", FilterKind.Text, true),
        ["address"] = new("c.address", FilterKind.Text, true),
        ["responsible"] = new("c.responsible_id", FilterKind.Ids, false),
        ["created"] = new("c.created_at", FilterKind.Time, false),
        ["updated"] = new("c.updated_at", FilterKind.Time, false),
        ["openDeals"] = new("coalesce((select f.open_deal_count from directory.company_facts f where f.company_id = c.id), 0)", FilterKind.Number, false),
        ["openTasks"] = new("coalesce((select f.open_task_count from directory.company_facts f where f.company_id = c.id), 0)", FilterKind.Number, false),
        ["tags"] = Tagged,
    };

    public static readonly IReadOnlyDictionary<string, FilterColumn> ContactColumns = new Dictionary<string, FilterColumn>(StringComparer.Ordinal)
    {
        ["name"] = new("c.full_name", FilterKind.Text, false, Candidates: "c.search"),
        ["position"] = new("c.position", FilterKind.Text, true),
        ["company"] = new("(select co.name from directory.companies co where co.id = c.company_id)", FilterKind.Text, true,
            EmptySql: "c.company_id is null"),
        ["phone"] = Phone,
        ["email"] = Emails("contact_emails", "contact_id"),
        ["responsible"] = new("c.responsible_id", FilterKind.Ids, false),
        ["created"] = new("c.created_at", FilterKind.Time, false),
        ["updated"] = new("c.updated_at", FilterKind.Time, false),
        ["openTasks"] = new("coalesce((select f.open_task_count from directory.contact_facts f where f.contact_id = c.id), 0)", FilterKind.Number, false),
        ["tags"] = Tagged,
    };

    /// <summary>
    /// The column filters as " and (…)" (empty without filters); the entity's custom field definitions
    /// are read only when a custom field is filtered.
    /// </summary>
    public static async Task<string> FiltersAsync(
        NpgsqlConnection conn, string entity, IReadOnlyDictionary<string, FilterColumn> columns, IReadOnlyDictionary<string, string> filters,
        DynamicParameters args, CancellationToken ct)
    {
        if (filters.Count == 0)
        {
            return "";
        }
        var customFields = filters.Keys.Any(k => k.StartsWith("cf.", StringComparison.Ordinal))
            ? (await conn.QueryAsync<CustomFieldDefinition>(new CommandDefinition(
                "select id as Id, type as Type, options::text as Options from directory.custom_fields where entity = @Entity",
                new { Entity = entity }, cancellationToken: ct))).ToDictionary(f => f.Id)
            : [];
        return $" and ({new ColumnFilters(filters, columns, customFields, "c.custom", args, customCandidates: "directory.custom_text(c.custom)").Where})";
    }

    /// <summary>
    /// What a companies table's URL selects, after <c>c.deleted_at is null</c>: the search, the ready filter
    /// <c>without-deals-and-tasks</c> and the column filters, with their parameters. The list pages it and the
    /// export streams it, so an export of a view has the view's rows.
    /// </summary>
    public static async Task<(string Sql, DynamicParameters Args)> CompaniesWhereAsync(
        NpgsqlConnection conn, string? q, bool idleOnly, IReadOnlyDictionary<string, string> filters, CancellationToken ct)
    {
        var (filter, searchArgs) = Listing.Filter(q);
        var args = new DynamicParameters(searchArgs);
        if (idleOnly)
        {
            // kept with the counts (OpenCounts); ix_companies_idle holds these rows in name order
            filter += " and c.idle";
        }
        filter += await FiltersAsync(conn, "company", CompanyColumns, filters, args, ct);
        return (filter, args);
    }

    /// <summary>What a contacts table's URL selects (as <see cref="CompaniesWhereAsync"/>): the search, the company, <c>without-tasks</c>, the column filters.</summary>
    public static async Task<(string Sql, DynamicParameters Args)> ContactsWhereAsync(
        NpgsqlConnection conn, string? q, Guid? companyId, bool idleOnly, IReadOnlyDictionary<string, string> filters, CancellationToken ct)
    {
        var (filter, searchArgs) = Listing.Filter(q);
        var args = new DynamicParameters(searchArgs);
        if (companyId is not null)
        {
            filter += " and c.company_id = @CompanyId";
            args.Add("CompanyId", companyId);
        }
        if (idleOnly)
        {
            // kept with the counts (OpenCounts); ix_contacts_idle holds these rows in name order
            filter += " and c.idle";
        }
        filter += await FiltersAsync(conn, "contact", ContactColumns, filters, args, ct);
        return (filter, args);
    }

    /// <summary>
    /// The keyset condition after <paramref name="after"/> (" and (key, c.id) &gt; (…)"), for the sort's
    /// key; the cursor must be of the same sort (400 on <c>after</c>).
    /// </summary>
    private static string After(Listing.SortKey key, TableCursor after, DynamicParameters args)
    {
        after.MustBeOf(key.Name);
        args.Add("AfterValue", after.Value);
        args.Add("AfterId", after.Id);
        return $" and ({key.Sql}, c.id) {(key.Descending ? "<" : ">")} (@AfterValue::{key.Type}, @AfterId)";
    }

    /// <summary>How a list is paged: by page number (<c>page</c>/<c>pageSize</c>), or by keyset when <c>after</c> or <c>limit</c> is given.</summary>
    public sealed record Paging(string? Sort, string NameKey, int? Page, int? PageSize, string? After, int? Limit)
    {
        public bool Keyset => After is not null || Limit is not null;
    }

    /// <summary>
    /// A page of <paramref name="table"/>: the rows the conditions <paramref name="filter"/> select (after
    /// "c.deleted_at is null"), in the sort's order, by page number or by keyset; the total by
    /// <paramref name="keptTotalSql"/> when the list keeps it, else counted (a keyset page: first page only).
    /// </summary>
    /// <param name="pageSql">
    /// The page's statement for the conditions and the sort key: its rows in the key's <see cref="Listing.SortKey.OrderBy"/>,
    /// each ending with the key's <see cref="Listing.SortKey.ValueColumn"/>, so the next page's cursor is read with the page
    /// (the value the page was sorted by, in the same snapshot), not by another statement.
    /// </param>
    public static async Task<PageResponse<T>> PageAsync<T>(
        NpgsqlConnection conn, string table, Paging paging, string filter, DynamicParameters args, string? keptTotalSql,
        Func<string, Listing.SortKey, string> pageSql, Func<T, Guid> idOf, CancellationToken ct)
    {
        var key = Listing.Key(paging.Sort, paging.NameKey)!;
        var size = (paging.Keyset ? paging.Limit : paging.PageSize) ?? Listing.DefaultPageSize;
        var page = paging.Keyset ? (int?)null : paging.Page ?? 1;
        long? total = null;
        if (paging.After is null)
        {
            total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                keptTotalSql ?? $"select count(*) from directory.{table} c where c.deleted_at is null{filter}", args, cancellationToken: ct));
        }
        var pageFilter = paging.After is { } after ? filter + After(key, TableCursor.Decode(after), args) : filter;
        args.Add("PageSize", paging.Keyset ? size + 1 : size);
        args.Add("Offset", page is { } p ? (long)(p - 1) * size : 0L);
        var rows = (await conn.QueryAsync<T, string, (T Item, string SortValue)>(
            new CommandDefinition(pageSql(pageFilter, key), args, cancellationToken: ct), (item, value) => (item, value),
            splitOn: Listing.SortKey.ValueName)).ToList();
        string? next = null;
        if (paging.Keyset && rows.Count > size)
        {
            rows.RemoveRange(size, rows.Count - size);
            next = new TableCursor(key.Name, false, rows[^1].SortValue, idOf(rows[^1].Item)).Encode();
        }
        return new PageResponse<T>(rows.Select(r => r.Item).ToList(), total, page, size, next);
    }
}
