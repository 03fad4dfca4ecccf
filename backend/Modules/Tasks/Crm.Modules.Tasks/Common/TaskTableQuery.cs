using System.Data;
using System.Globalization;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Dapper;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// The tasks table's SQL (docs/tasks-api.md, "The tasks table"): the columns it filters by (the shared
/// grammar, <see cref="ColumnFilters"/>, as SQL on tasks.tasks aliased <c>t</c>), a ready filter's
/// condition, and a keyset page over the sort the user picked, ties broken by id. Completion time is
/// nullable (open tasks have none): its values are walked first, then the open tasks by id. The type is
/// a small dimension ordered by the types' position: the page walks each type's tasks by due time
/// (ix_tasks_type_due) in that order. Every sort walks an index of M0010.
/// </summary>
internal sealed class TaskTableQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const string DefaultSort = "due";

    private static readonly FilterColumn LinkName = new(
        """
        (case t.link_kind
            when 'deal' then (select x.name from tasks.deals x where x.id = t.link_id)
            when 'company' then (select x.name from tasks.companies x where x.id = t.link_id)
            when 'contact' then (select x.name from tasks.contacts x where x.id = t.link_id) end)
        """,
        FilterKind.Text, true, EmptySql: "t.link_id is null");

    private static readonly Dictionary<string, FilterColumn> Columns = new(StringComparer.Ordinal)
    {
        // tasks.search is the text folded; its trigram index (ix_tasks_search) hands out the candidates
        ["text"] = new("t.text", FilterKind.Text, false, Candidates: "t.search"),
        ["type"] = new("t.type_id", FilterKind.Ids, false),
        ["responsible"] = new("t.responsible_id", FilterKind.Ids, false),
        ["author"] = new("t.author_id", FilterKind.Ids, false),
        ["due"] = new("t.due_at", FilterKind.Time, false),
        // empty: still open
        ["completed"] = new("t.completed_at", FilterKind.Time, true),
        ["created"] = new("t.created_at", FilterKind.Time, false),
        ["updated"] = new("t.updated_at", FilterKind.Time, false),
        // empty: linked to nothing
        ["link"] = new("t.link_kind", FilterKind.Words, true, Words: new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [LinkKinds.Deal] = [LinkKinds.Deal], [LinkKinds.Company] = [LinkKinds.Company], [LinkKinds.Contact] = [LinkKinds.Contact],
        }),
        ["linkName"] = LinkName,
        ["result"] = new("t.result", FilterKind.Text, true),
    };

    /// <summary>
    /// A sort key: SQL over tasks.tasks <c>t</c> and its PostgreSQL type (the cursor holds its value as text), and how a row
    /// gives that value: <paramref name="Value"/> from what the row holds; without it, as PostgreSQL writes it, read
    /// with the page (<see cref="Paged.SortValue"/>).
    /// </summary>
    private sealed record SortKey(string Sql, string Type, bool Nullable, Func<TaskReader.Row, string?>? Value = null);

    private static readonly Dictionary<string, SortKey> Keys = new(StringComparer.Ordinal)
    {
        ["due"] = new("t.due_at", "timestamptz", false, r => Instant(r.DueAt)),
        ["created"] = new("t.created_at", "timestamptz", false, r => Instant(r.CreatedAt)),
        ["updated"] = new("t.updated_at", "timestamptz", false, r => Instant(r.UpdatedAt)),
        ["completed"] = new("t.completed_at", "timestamptz", true, r => r.CompletedAt is { } done ? Instant(done) : null),
        // the folded text exactly as PostgreSQL folded it: read with the page
        ["text"] = new("t.search", "text", false),
        // by the types' position, each type's tasks by due time
        ["type"] = new("t.type_id", "uuid", false, r => $"{r.TypeId}|{r.DueAt.UtcDateTime:O}"),
    };

    public static readonly IReadOnlyList<string> ReadyFilters = ["overdue", "today", "done-this-week"];

    private readonly string sort;
    private readonly SortKey key;
    private readonly bool descending;
    private readonly string where;

    /// <param name="ready">A ready filter (<see cref="ReadyFilters"/>) or null.</param>
    /// <param name="now">The server's clock.</param>
    /// <param name="zone">The caller's time zone: "today" and "this week" are their days.</param>
    public TaskTableQuery(string? sort, string? ready, IReadOnlyDictionary<string, string> filters, DateTimeOffset now, UserZone zone)
    {
        this.sort = string.IsNullOrWhiteSpace(sort) ? DefaultSort : sort.Trim();
        descending = this.sort.StartsWith('-');
        key = Keys.GetValueOrDefault(descending ? this.sort[1..] : this.sort)
              ?? throw new FieldValidationException("sort", T.Pick("Нельзя сортировать по этому столбцу", "Cannot sort by this column"));
        var today = zone.DateOf(now);
        Parameters.Add("Now", now);
        var readySql = ready switch
        {
            null => "true",
            "overdue" => "t.completed_at is null and t.due_at < @Now",
            "today" => "t.completed_at is null and t.due_at >= @DayStart and t.due_at < @DayEnd",
            "done-this-week" => "t.completed_at >= @WeekStart and t.completed_at < @WeekEnd",
            _ => throw new FieldValidationException("ready", T.Pick(
                "Готовый фильтр: overdue, today или done-this-week", "A ready filter is overdue, today or done-this-week")),
        };
        Parameters.Add("DayStart", zone.StartOf(today));
        Parameters.Add("DayEnd", zone.StartOf(today.AddDays(1)));
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        Parameters.Add("WeekStart", zone.StartOf(monday));
        Parameters.Add("WeekEnd", zone.StartOf(monday.AddDays(7)));
        where = $"{readySql} and {new ColumnFilters(filters, Columns, new Dictionary<Guid, CustomFieldDefinition>(), "null", Parameters).Where}";
    }

    public DynamicParameters Parameters { get; } = new();

    private string Dir => descending ? "desc" : "asc";

    private string After => descending ? "<" : ">";

    /// <summary>How many tasks the filters select.</summary>
    public Task<long> CountAsync(IDbConnection conn) =>
        conn.ExecuteScalarAsync<long>($"select count(*) from tasks.tasks t where {where}", Parameters);

    /// <summary>A task of a page, with its sort key's value when the key is read with the page (else null).</summary>
    public sealed record Paged(TaskReader.Row Row, string? SortValue);

    /// <summary>Up to <paramref name="limit"/> + 1 tasks after the cursor (one more tells whether there is a next page).</summary>
    public async Task<List<Paged>> PageAsync(IDbConnection conn, TableCursor? after, int limit)
    {
        after?.MustBeOf(sort);
        return key.Type == "uuid" ? await TypePageAsync(conn, after, limit) : await KeyPageAsync(conn, after, limit);
    }

    private Task<IEnumerable<Paged>> ReadAsync(IDbConnection conn, string page, string order, int take)
    {
        Parameters.Add("Take", take);
        // The page first, then the names for its rows only (as the organizer reads them).
        var sortValue = key.Value is null ? $"({key.Sql})::text" : "null::text";
        return conn.QueryAsync<TaskReader.Row, string, Paged>(
            $"{TaskReader.SelectFrom($"{page} order by {order} limit @Take", $"{sortValue} as SortValue")} order by {order}",
            (row, value) => new Paged(row, value), Parameters, splitOn: "SortValue");
    }

    private async Task<List<Paged>> KeyPageAsync(IDbConnection conn, TableCursor? after, int limit)
    {
        var rows = new List<Paged>();
        if (after is null || !after.Value.InNulls)
        {
            var keyset = "";
            if (after is { } c)
            {
                keyset = $"and ({key.Sql}, t.id) {After} (@AfterValue::{key.Type}, @AfterId)";
                Parameters.Add("AfterValue", c.Value);
                Parameters.Add("AfterId", c.Id);
            }
            rows.AddRange(await ReadAsync(conn,
                $"select t.* from tasks.tasks t where {where} {(key.Nullable ? $"and {key.Sql} is not null" : "")} {keyset}",
                $"{key.Sql} {Dir}, t.id {Dir}", limit + 1));
        }
        if (key.Nullable && rows.Count <= limit)
        {
            // The values ran out on this page: the tasks without one follow, by id.
            var keyset = "";
            if (after is { InNulls: true } c)
            {
                keyset = $"and t.id {After} @AfterId";
                Parameters.Add("AfterId", c.Id);
            }
            rows.AddRange(await ReadAsync(conn,
                $"select t.* from tasks.tasks t where {where} and {key.Sql} is null {keyset}", $"t.id {Dir}", limit + 1 - rows.Count));
        }
        return rows;
    }

    private async Task<List<Paged>> TypePageAsync(IDbConnection conn, TableCursor? after, int limit)
    {
        // Every type a task may hold, deleted ones too (their tasks keep them), in the types' order.
        var types = (await conn.QueryAsync<Guid>("select id from tasks.task_types order by position, id")).ToList();
        if (descending)
        {
            types.Reverse();
        }
        var rows = new List<Paged>();
        if (after is { } c)
        {
            var parts = c.Value?.Split('|', 2);
            var at = parts is { Length: 2 } && Guid.TryParse(parts[0], out var typeId) ? types.IndexOf(typeId) : -1;
            if (at < 0 || !DateTimeOffset.TryParse(parts![1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var due))
            {
                throw new FieldValidationException("after", T.Pick("Позиция страницы устарела: откройте список заново", "The page cursor is stale: reload the list"));
            }
            Parameters.Add("AfterType", types[at]);
            Parameters.Add("AfterDue", due);
            Parameters.Add("AfterId", c.Id);
            rows.AddRange(await ReadAsync(conn,
                $"select t.* from tasks.tasks t where t.type_id = @AfterType and (t.due_at, t.id) {After} (@AfterDue, @AfterId) and {where}",
                $"t.due_at {Dir}, t.id {Dir}", limit + 1));
            types = types[(at + 1)..];
        }
        if (rows.Count <= limit && types.Count > 0)
        {
            Parameters.Add("Types", types.ToArray());
            Parameters.Add("Take", limit + 1 - rows.Count);
            var page =
                $"""
                select c.*, g.position as type_position from unnest(@Types) with ordinality g(id, position)
                cross join lateral (
                    select t.* from tasks.tasks t
                    where t.type_id = g.id and {where}
                    order by t.due_at {Dir}, t.id {Dir}
                    limit @Take
                ) c
                order by g.position, c.due_at {Dir}, c.id {Dir}
                limit @Take
                """;
            rows.AddRange((await conn.QueryAsync<TaskReader.Row>(
                $"{TaskReader.SelectFrom(page)} order by t.type_position, t.due_at {Dir}, t.id {Dir}", Parameters)).Select(r => new Paged(r, null)));
        }
        return rows;
    }

    /// <summary>The cursor after the last row shown: no statement of its own.</summary>
    public TableCursor CursorAfter(Paged last)
    {
        var value = key.Value is { } of ? of(last.Row) : last.SortValue;
        return new TableCursor(sort, value is null, value, last.Row.Id);
    }

    /// <summary>An instant as PostgreSQL reads it back exactly (microseconds, UTC).</summary>
    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture);
}
