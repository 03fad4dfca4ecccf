using System.Data;
using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// The deals table's SQL: the filters (<see cref="DealTableFilters"/>), a keyset page over the sort the
/// user picked (ties broken by id, nulls last in both directions), and the totals of what the filters
/// select. A nullable sort key is walked in two phases, its values then its nulls, each an index range
/// (<c>(key, id) &gt; (@v, @id)</c>, then <c>key is null and id &gt; @id</c>). Stage and responsible are
/// small dimensions ordered elsewhere (stage position, user name): the page walks each one's deals by id
/// (<c>(stage_id, id)</c>, <c>(responsible_id, id)</c>) in the dimension's order.
/// </summary>
internal sealed class DealTableQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const string DefaultSort = "-updated";

    /// <summary>The most deals "all that the filter selects" stands for (a bulk job, GET /api/deals/ids).</summary>
    public const int MaxSelected = 10_000;

    private enum Kind { Text, Number, Time, Bool, Group }

    /// <summary>
    /// A sort key: SQL over deals.deals <c>d</c> (a whitelist; a custom field's id is the parameter @SortField).
    /// Every built-in key has an index on <c>(key, id)</c> (ix_deals_table_*); a custom field's has none.
    /// </summary>
    private sealed record SortKey(string Sql, Kind Kind, bool Nullable, bool Indexed = true);

    private static readonly Dictionary<string, SortKey> Keys = new(StringComparer.Ordinal)
    {
        ["name"] = new("translate(lower(d.name), 'ё', 'е')", Kind.Text, false),
        ["budget"] = new("d.budget", Kind.Number, true),
        ["created"] = new("d.created_at", Kind.Time, false),
        ["updated"] = new("d.updated_at", Kind.Time, false),
        ["nextTask"] = new("d.next_task_due", Kind.Time, true),
        ["stage"] = new("d.stage_id", Kind.Group, false),
        ["responsible"] = new("d.responsible_id", Kind.Group, false),
    };

    public const string Columns = """
        d.id as Id, d.number as Number, d.name as Name, d.pipeline_id as PipelineId, d.stage_id as StageId,
        d.budget as Budget, d.currency as Currency, d.responsible_id as ResponsibleId,
        d.company_id as CompanyId, d.company_name as CompanyName, d.contact_id as ContactId, d.contact_name as ContactName,
        d.deadline as Deadline, d.custom::text as Custom, d.created_at as CreatedAt, d.updated_at as UpdatedAt,
        d.closed_at as ClosedAt, d.stage_entered_at as StageEnteredAt, d.version as Version,
        d.open_task_count as OpenTaskCount, d.next_task_due as NextTaskDue
        """;

    private readonly SortKey key;
    private readonly string sort;
    private readonly bool descending;
    private readonly ColumnFilters filters;
    private readonly IReadOnlyDictionary<string, string> given;
    private readonly IReadOnlyDictionary<Guid, CustomFieldDefinition> customFields;
    private readonly Guid? pipelineId;

    public DealTableQuery(
        Guid? pipelineId, string? sort, IReadOnlyDictionary<string, string> filters, IReadOnlyDictionary<Guid, CustomFieldDefinition> customFields)
    {
        this.sort = string.IsNullOrWhiteSpace(sort) ? DefaultSort : sort.Trim();
        descending = this.sort.StartsWith('-');
        var name = descending ? this.sort[1..] : this.sort;
        if (Keys.TryGetValue(name, out var known))
        {
            key = known;
        }
        else if (name.StartsWith("cf.", StringComparison.Ordinal)
                 && Guid.TryParse(name.AsSpan(3), out var fieldId) && customFields.TryGetValue(fieldId, out var field))
        {
            Parameters.Add("SortField", field.Id.ToString());
            key = field.Type switch
            {
                CustomFieldTypes.Number => new("(case when jsonb_typeof(d.custom -> @SortField) = 'number' then (d.custom ->> @SortField)::numeric end)", Kind.Number, true, false),
                CustomFieldTypes.Checkbox => new("(d.custom -> @SortField)::boolean", Kind.Bool, true, false),
                CustomFieldTypes.Date => new("(d.custom ->> @SortField)", Kind.Text, true, false),
                _ => new("translate(lower(d.custom ->> @SortField), 'ё', 'е')", Kind.Text, true, false),
            };
        }
        else
        {
            throw new FieldValidationException("sort", T.Pick("Нельзя сортировать по этому столбцу", "Cannot sort by this column"));
        }
        this.pipelineId = pipelineId;
        if (pipelineId is not null)
        {
            Parameters.Add("PipelineId", pipelineId);
        }
        given = filters;
        this.customFields = customFields;
        this.filters = DealTableFilters.Of(filters, customFields, Parameters);
    }

    public DynamicParameters Parameters { get; } = new();

    /// <summary>The deals' custom field definitions by id, which sort keys and filters may name.</summary>
    public static async Task<IReadOnlyDictionary<Guid, CustomFieldDefinition>> CustomFieldsAsync(IDbConnection conn) =>
        (await conn.QueryAsync<CustomFieldDefinition>("select id as Id, type as Type, options::text as Options from deals.custom_fields"))
        .ToDictionary(f => f.Id);

    /// <summary>Every condition on <c>d</c>: not deleted, the pipeline, the filters.</summary>
    public string Where => WhereOf(filters.Where);

    /// <summary>
    /// The ids of the deals the filters select, in id order: what "all that the filter selects" stands for
    /// (a bulk job's deals, GET /api/deals/ids). More than <paramref name="max"/>: 400 on filters.
    /// </summary>
    public async Task<Guid[]> IdsAsync(IDbConnection conn, int max)
    {
        Parameters.Add("Cap", max + 1);
        var ids = (await conn.QueryAsync<Guid>($"select d.id from deals.deals d where {Where} order by d.id limit @Cap", Parameters)).ToArray();
        if (ids.Length > max)
        {
            throw new FieldValidationException("filters", T.Pick(
                $"Не больше {max:N0} сделок за раз: уточните фильтр", $"At most {max:N0} deals at once: narrow the filter"));
        }
        return ids;
    }

    private string WhereOf(string columns) =>
        $"d.deleted_at is null{(pipelineId is null ? "" : " and d.pipeline_id = @PipelineId")} and {columns}";

    private string Dir => descending ? "desc" : "asc";

    private string After => descending ? "<" : ">";

    /// <summary>Up to <paramref name="limit"/> + 1 rows after the cursor (one more tells whether there is a next page).</summary>
    public async Task<List<Row>> PageAsync(IDbConnection conn, TableCursor? after, int limit)
    {
        after?.MustBeOf(sort);
        Parameters.Add("Limit", limit + 1);
        return key.Kind == Kind.Group ? await GroupPageAsync(conn, after, limit) : await KeyPageAsync(conn, after, limit);
    }

    private async Task<List<Row>> KeyPageAsync(IDbConnection conn, TableCursor? after, int limit)
    {
        var rows = new List<Row>();
        if (after is null || !after.Value.InNulls)
        {
            var keyset = "";
            if (after is { } c)
            {
                keyset = $"and ({key.Sql}, d.id) {After} (@AfterValue, @AfterId)";
                Parameters.Add("AfterValue", ParseValue(c.Value!));
                Parameters.Add("AfterId", c.Id);
            }
            rows.AddRange(await RowsAsync(
                conn, $"({key.Sql})::text", $"{(key.Nullable ? $"and {key.Sql} is not null" : "")} {keyset}", $"{key.Sql} {Dir}, d.id {Dir}", limit + 1));
        }
        if (key.Nullable && rows.Count <= limit)
        {
            // The values ran out on this page: the deals without one follow, by id.
            var keyset = "";
            if (after is { InNulls: true } c)
            {
                keyset = $"and d.id {After} @AfterId";
                Parameters.Add("AfterId", c.Id);
            }
            Parameters.Add("Limit", limit + 1 - rows.Count);
            rows.AddRange(await RowsAsync(conn, "null::text", $"and {key.Sql} is null {keyset}", $"d.id {Dir}", limit + 1 - rows.Count));
        }
        return rows;
    }

    /// <summary>How many rows, in the sort's order, a page with a «contains» filter looks through first.</summary>
    private const int ProbeRows = 5000;

    /// <summary>
    /// Up to <paramref name="want"/> rows (@Limit) of the page's range (<paramref name="range"/>: conditions
    /// besides <see cref="Where"/>) in <paramref name="order"/>. With a «contains» filter the planner cannot
    /// tell a common word (6 % of a million deals: its trigram candidates are 60,000 rows read and sorted,
    /// seconds) from a rare one (a few candidates): so the first <see cref="ProbeRows"/> rows of the range, in
    /// the sort's order along its index, are looked through first. They fill the page when the word is in
    /// 1 % of the deals or more; otherwise the candidates are few and the trigram index finds them. Not on a
    /// custom field's sort: it has no index to walk.
    /// </summary>
    private async Task<IEnumerable<Row>> RowsAsync(IDbConnection conn, string sortValue, string range, string order, int want)
    {
        if (filters.ContainsWhere is { } contains && key.Indexed)
        {
            var probed = (await conn.QueryAsync<Row>(
                $"""
                select {Columns}, {sortValue} as SortValue from (
                    select d.* from deals.deals d
                    where {WhereOf(filters.OtherWhere)} {range}
                    order by {order}
                    limit {ProbeRows}
                ) d
                where {contains}
                order by {order}
                limit @Limit
                """,
                Parameters)).ToList();
            if (probed.Count == want)
            {
                return probed;
            }
        }
        return await conn.QueryAsync<Row>(
            $"""
            select {Columns}, {sortValue} as SortValue from deals.deals d
            where {Where} {range}
            order by {order}
            limit @Limit
            """,
            Parameters);
    }

    private async Task<List<Row>> GroupPageAsync(IDbConnection conn, TableCursor? after, int limit)
    {
        // The dimension in its order: stages by position in their pipeline, then the pipeline's position;
        // users by name. A deal whose stage or user Deals' copy lacks would not be listed (none should: a
        // deal is created and moved only into stages of the copy, given only to users of the copy).
        var groupSql = key.Sql == "d.stage_id"
            ? $"""
               select s.id from deals.stages s join deals.pipelines p on p.id = s.pipeline_id
               {(pipelineId is null ? "" : "where s.pipeline_id = @PipelineId")}
               order by s.position, p.position, p.id, s.id
               """
            : "select u.id from deals.users u order by u.name, u.id";
        var groups = (await conn.QueryAsync<Guid>(groupSql, Parameters)).ToList();
        if (descending)
        {
            groups.Reverse();
        }
        var rows = new List<Row>();
        if (after is { } c)
        {
            var at = groups.IndexOf(ParseGroup(c.Value));
            if (at < 0)
            {
                throw new FieldValidationException("after", T.Pick("Позиция страницы устарела: откройте список заново", "The page cursor is stale: reload the list"));
            }
            Parameters.Add("AfterGroup", groups[at]);
            Parameters.Add("AfterId", c.Id);
            rows.AddRange(await conn.QueryAsync<Row>(
                $"""
                select {Columns}, {key.Sql}::text as SortValue from deals.deals d
                where {key.Sql} = @AfterGroup and d.id {After} @AfterId and {Where}
                order by d.id {Dir}
                limit @Limit
                """,
                Parameters));
            groups = groups[(at + 1)..];
        }
        if (rows.Count <= limit && groups.Count > 0)
        {
            Parameters.Add("Groups", groups.ToArray());
            Parameters.Add("Limit", limit + 1 - rows.Count);
            rows.AddRange(await conn.QueryAsync<Row>(
                $"""
                select c.* from unnest(@Groups) with ordinality g(id, position)
                cross join lateral (
                    select {Columns}, {key.Sql}::text as SortValue from deals.deals d
                    where {key.Sql} = g.id and {Where}
                    order by d.id {Dir}
                    limit @Limit
                ) c
                order by g.position, c.Id {Dir}
                limit @Limit
                """,
                Parameters));
        }
        return rows;
    }

    private object ParseValue(string text) => key.Kind switch
    {
        Kind.Number => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture),
        Kind.Time => new DateTimeOffset(long.Parse(text, CultureInfo.InvariantCulture), TimeSpan.Zero),
        Kind.Bool => bool.Parse(text),
        _ => text,
    };

    private static Guid ParseGroup(string? text) => Guid.TryParse(text, out var id) ? id : Guid.Empty;

    /// <summary>The cursor after the last row shown: its sort value as the cursor holds it (invariant text; times as UTC ticks).</summary>
    public TableCursor CursorAfter(Row row)
    {
        string? value = key.Kind switch
        {
            Kind.Group => (key.Sql == "d.stage_id" ? row.StageId : row.ResponsibleId).ToString(),
            Kind.Time => (key.Sql == "d.created_at" ? row.CreatedAt : key.Sql == "d.updated_at" ? row.UpdatedAt : row.NextTaskDue)?.UtcTicks
                .ToString(CultureInfo.InvariantCulture),
            _ => row.SortValue,
        };
        return new TableCursor(sort, value is null && key.Nullable, value, row.Id);
    }

    public sealed record BudgetSum(string Currency, decimal Amount);

    public sealed record Totals(long Count, IReadOnlyList<BudgetSum> BudgetSums);

    private sealed record TotalsRow(string Currency, long Count, decimal Amount);

    /// <summary>The dimensions the trigger-kept <c>deals.stage_totals</c> are kept by (per stage, responsible and currency).</summary>
    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal) { "pipeline", "stage", "responsible", "status" };

    /// <summary>How many deals the filters select, and their budget per currency (never added across currencies: ADR 0005).</summary>
    public async Task<Totals> TotalsAsync(IDbConnection conn)
    {
        var rows = filters.ByColumn.All(Kept.Contains)
            ? await KeptTotalsAsync(conn, "t.deal_count", "t.budget_sum", Where, Parameters)
            : BareOnly() is { } bare
                ? await KeptTotalsAsync(conn, "t.bare_count", "t.bare_budget_sum", bare.Where, bare.Parameters)
                : await conn.QueryAsync<TotalsRow>(
                    $"""
                    select d.currency as Currency, count(*) as Count, coalesce(sum(d.budget), 0) as Amount
                    from deals.deals d where {Where}
                    group by d.currency
                    """,
                    Parameters);
        var list = rows.ToList();
        return new Totals(
            list.Sum(r => r.Count),
            list.Where(r => r.Amount != 0)
                .OrderBy(r => r.Currency != Currencies.Default).ThenBy(r => r.Currency, StringComparer.Ordinal)
                .Select(r => new BudgetSum(r.Currency, r.Amount))
                .ToList());
    }

    /// <summary>
    /// Filtered by nothing but the pipeline, stage (or status: a set of stages) and responsible: the
    /// trigger-kept totals have the answer. The same conditions apply to them through a row named d
    /// that holds only those columns.
    /// </summary>
    private static Task<IEnumerable<TotalsRow>> KeptTotalsAsync(IDbConnection conn, string count, string sum, string where, DynamicParameters parameters) =>
        conn.QueryAsync<TotalsRow>(
            $"""
            select t.currency as Currency, sum({count})::bigint as Count, sum({sum}) as Amount
            from deals.stage_totals t
            left join deals.stages s on s.id = t.stage_id
            cross join lateral (
                select s.pipeline_id, t.stage_id, t.responsible_id, null::timestamptz as deleted_at
            ) d
            where {where}
            group by t.currency
            """,
            parameters);

    /// <summary>
    /// «Сделки без задач» (<c>f.nextTask=empty&amp;f.closed=empty</c>, with at most the kept dimensions besides):
    /// the open deals without an open task are what stage_totals' "bare" counts keep (a deal's next task
    /// due is empty exactly when it has no open task: every task has a due time). The remaining
    /// filters, to apply to the kept totals; null when the filters are not of that shape.
    /// </summary>
    private (string Where, DynamicParameters Parameters)? BareOnly()
    {
        static bool Empty(IReadOnlyDictionary<string, string> f, string column) =>
            f.TryGetValue(column, out var value) && value.Trim() == "empty";
        if (!Empty(given, "nextTask") || !Empty(given, "closed"))
        {
            return null;
        }
        var rest = given.Where(f => f.Key is not ("nextTask" or "closed")).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        if (!rest.Keys.All(Kept.Contains))
        {
            return null;
        }
        var parameters = new DynamicParameters();
        if (pipelineId is not null)
        {
            parameters.Add("PipelineId", pipelineId);
        }
        return (WhereOf(DealTableFilters.Of(rest, customFields, parameters).Where), parameters);
    }

    /// <summary>A row of the table, with the sort value as text (custom field and name keys).</summary>
    public sealed record Row(
        Guid Id, long Number, string Name, Guid PipelineId, Guid StageId, decimal? Budget, string Currency, Guid ResponsibleId,
        Guid? CompanyId, string? CompanyName, Guid? ContactId, string? ContactName, DateTimeOffset? Deadline, string Custom,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, DateTimeOffset StageEnteredAt, int Version,
        int OpenTaskCount, DateTimeOffset? NextTaskDue, string? SortValue)
    {
        public IReadOnlyDictionary<string, JsonElement> CustomFields() =>
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Custom) ?? [];
    }
}
