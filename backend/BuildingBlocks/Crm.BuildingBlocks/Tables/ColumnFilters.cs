using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using Dapper;

namespace Crm.BuildingBlocks.Tables;

/// <summary>How a table's column is filtered (docs/tables-api.md, "Column filters").</summary>
public enum FilterKind
{
    /// <summary><c>~text</c>: contains, any case, «ё» = «е».</summary>
    Text,

    /// <summary><c>~digits</c>: the digits typed are in the column's digits (phones in any format).</summary>
    Digits,

    /// <summary><c>from..to</c> of numbers.</summary>
    Number,

    /// <summary><c>from..to</c> of instants or whole UTC days.</summary>
    Time,

    /// <summary><c>in:id,id</c>.</summary>
    Ids,

    /// <summary><c>in:CODE,CODE</c> (any case, compared upper case).</summary>
    Codes,

    /// <summary><c>in:word,word</c> (compared as given: lower-case words such as statuses).</summary>
    Words,

    /// <summary><c>in:id,id</c> of a column holding an array of ids (tags): the row has any of them (<c>&amp;&amp;</c>, a GIN index).</summary>
    AnyId,
}

/// <summary>
/// A built-in column a table may be filtered by: its SQL expression (from the table's whitelist, never
/// from the request), its kind, whether it can be empty, the SQL of "empty" when that is not
/// <c>is null</c>, and for text a folded superset column with a trigram index that hands out the
/// candidates (<c>d.search</c>).
/// </summary>
/// <param name="Words">
/// Of a <see cref="FilterKind.Words"/> column: each word a user may give and the values it stands for
/// (another word is a 400); null: any word, compared as given. When <paramref name="Sql"/> holds
/// <c>@values</c>, it is the whole condition and <c>@values</c> becomes the array of values.
/// </param>
public sealed record FilterColumn(
    string Sql, FilterKind Kind, bool Nullable, string? Candidates = null, string? EmptySql = null, IReadOnlyDictionary<string, string[]>? Words = null);

/// <summary>
/// A table's column filters, <c>f.&lt;column&gt;=&lt;expression&gt;</c>, turned into SQL conditions. The SQL
/// text comes only from the table's whitelist of columns and depends only on which column and which
/// operator was given (and how many values an "in" of a custom field has); every value the user typed,
/// custom field ids included, is a parameter. The grammar is in docs/tables-api.md.
/// </summary>
public sealed class ColumnFilters
{
    public const int MaxText = 200;
    public const int MaxValues = 100;
    public const int MaxCustomValues = 20;

    private readonly List<string> conditions = [];
    private readonly List<string> contains = [];
    private readonly DynamicParameters parameters;
    private readonly string customJson;
    private readonly string? customCandidates;
    private int next;

    /// <param name="filters">The filters by column (without the "f." prefix), as given.</param>
    /// <param name="columns">The table's built-in columns.</param>
    /// <param name="customFields">The table's custom field definitions by id (<c>cf.&lt;id&gt;</c>).</param>
    /// <param name="customJson">The SQL of the row's custom values (a jsonb object by field id).</param>
    /// <param name="parameters">Where the values go.</param>
    /// <param name="customCandidates">
    /// The SQL of a folded text holding every custom value of the row, trigram-indexed (e.g.
    /// <c>deals.custom_text(d.custom)</c>): the candidates of a custom field's «contains»; null: none.
    /// </param>
    public ColumnFilters(
        IReadOnlyDictionary<string, string> filters, IReadOnlyDictionary<string, FilterColumn> columns,
        IReadOnlyDictionary<Guid, CustomFieldDefinition> customFields, string customJson, DynamicParameters parameters,
        string? customCandidates = null)
    {
        this.parameters = parameters;
        this.customJson = customJson;
        this.customCandidates = customCandidates;
        foreach (var (column, expression) in filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var field = $"f.{column}";
            var value = expression.Trim();
            if (value.Length == 0)
            {
                throw Bad(field, T.Pick("Пустой фильтр", "The filter is empty"));
            }
            if (columns.TryGetValue(column, out var known))
            {
                AddBuiltIn(field, known, value);
            }
            else if (column.StartsWith("cf.", StringComparison.Ordinal)
                     && Guid.TryParse(column.AsSpan(3), out var fieldId) && customFields.TryGetValue(fieldId, out var definition))
            {
                AddCustom(field, definition, value);
            }
            else
            {
                throw Bad(field, T.Pick("Такого столбца нет", "There is no such column"));
            }
            ByColumn.Add(column);
        }
    }

    /// <summary>The <c>f.&lt;column&gt;</c> query parameters of a request, by column.</summary>
    public static Dictionary<string, string> Of(Microsoft.AspNetCore.Http.IQueryCollection query)
    {
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (!name.StartsWith("f.", StringComparison.Ordinal))
            {
                continue;
            }
            if (values.Count != 1)
            {
                throw Bad(name, T.Pick("Один фильтр на столбец", "One filter per column"));
            }
            filters[name[2..]] = values[0] ?? "";
        }
        return filters;
    }

    /// <summary>The columns filtered (without "f.").</summary>
    public HashSet<string> ByColumn { get; } = new(StringComparer.Ordinal);

    /// <summary>The conditions joined with "and" ("true" when none).</summary>
    public string Where => And(conditions.Concat(contains));

    /// <summary>
    /// The «contains» conditions of text columns and custom fields, joined with "and"; null when there are
    /// none. How many rows they keep the planner cannot tell, so a page may look for them along its sort
    /// first (<see cref="OtherWhere"/> holds the rest).
    /// </summary>
    public string? ContainsWhere => contains.Count == 0 ? null : And(contains);

    /// <summary>The conditions besides <see cref="ContainsWhere"/> ("true" when none).</summary>
    public string OtherWhere => And(conditions);

    private static string And(IEnumerable<string> all) => string.Join(" and ", all.DefaultIfEmpty("true"));

    private string Parameter(object? value)
    {
        var name = $"F{next++}";
        parameters.Add(name, value);
        return "@" + name;
    }

    private void AddBuiltIn(string field, FilterColumn column, string value)
    {
        if (EmptyTest(value) is { } empty)
        {
            if (!column.Nullable)
            {
                throw Bad(field, T.Pick("Этот столбец не бывает пустым", "This column is never empty"));
            }
            conditions.Add(column.EmptySql is { } emptySql
                ? $"{(empty ? "" : "not ")}({emptySql})"
                : $"{column.Sql} is {(empty ? "" : "not ")}null");
            return;
        }
        switch (column.Kind)
        {
            case FilterKind.Text:
                var pattern = Parameter(ContainsPattern(field, value));
                // The candidates column (folded, trigram-indexed) is a superset of the column's text.
                contains.Add(column.Candidates is { } candidates
                    ? $"{candidates} like {pattern} and translate(lower({column.Sql}), 'ё', 'е') like {pattern}"
                    : $"translate(lower({column.Sql}), 'ё', 'е') like {pattern}");
                break;
            case FilterKind.Digits:
                // as the search reads them: a leading 8 is Russia's trunk prefix, so "8 916…" finds +7 916…
                var digits = value.StartsWith('~') ? Phones.SearchDigits(value[1..]) : "";
                if (digits.Length == 0)
                {
                    throw Bad(field, T.Pick("Телефон: ~цифры, empty или !empty", "A phone: ~digits, empty or !empty"));
                }
                conditions.Add($"{column.Sql} like {Parameter($"%{digits}%")}");
                break;
            case FilterKind.Number:
                AddRange(field, column.Sql, value, v => ParseNumber(field, v));
                break;
            case FilterKind.Time:
                var (from, to) = Range(field, value);
                if (from is not null)
                {
                    conditions.Add($"{column.Sql} >= {Parameter(ParseTime(field, from, upper: false).At)}");
                }
                if (to is not null)
                {
                    var (at, exclusive) = ParseTime(field, to, upper: true);
                    conditions.Add($"{column.Sql} {(exclusive ? "<" : "<=")} {Parameter(at)}");
                }
                break;
            case FilterKind.Ids:
                conditions.Add($"{column.Sql} = any({Parameter(In(field, value).Select(v => ParseId(field, v)).ToArray())})");
                break;
            case FilterKind.AnyId:
                conditions.Add($"{column.Sql} && {Parameter(In(field, value).Select(v => ParseId(field, v)).ToArray())}");
                break;
            case FilterKind.Codes:
                var codes = In(field, value).Select(v => v.ToUpperInvariant()).ToArray();
                conditions.Add($"{column.Sql}::text = any({Parameter(codes)})");
                break;
            case FilterKind.Words:
                var words = In(field, value).ToList();
                var values = column.Words is null
                    ? words.ToArray()
                    : words.SelectMany(w => column.Words.TryGetValue(w, out var stand) ? stand : throw Bad(field, T.Pick(
                        $"Одно из: {string.Join(", ", column.Words.Keys)}; не {w}", $"One of {string.Join(", ", column.Words.Keys)}, not {w}"))).Distinct().ToArray();
                var array = Parameter(values);
                conditions.Add(column.Sql.Contains("@values", StringComparison.Ordinal)
                    ? column.Sql.Replace("@values", array, StringComparison.Ordinal)
                    : $"{column.Sql}::text = any({array})");
                break;
        }
    }

    private void AddCustom(string field, CustomFieldDefinition definition, string value)
    {
        var key = Parameter(definition.Id.ToString());
        var json = $"{customJson} -> {key}";
        if (EmptyTest(value) is { } empty)
        {
            // Stored values drop nulls; an empty text or an empty list counts as empty too.
            conditions.Add($"{(empty ? "" : "not ")}(coalesce({json}, '\"\"'::jsonb) in ('\"\"'::jsonb, '[]'::jsonb))");
            return;
        }
        switch (definition.Type)
        {
            case CustomFieldTypes.Number:
                AddRange(field, $"(case when jsonb_typeof({json}) = 'number' then ({customJson} ->> {key})::numeric end)", value,
                    v => ParseNumber(field, v));
                break;
            case CustomFieldTypes.Date:
                // Stored as an ISO date (or date-time): its first ten characters compare as dates do.
                AddRange(field, $"left({customJson} ->> {key}, 10)", value, v => ParseDate(field, v));
                break;
            case CustomFieldTypes.Checkbox:
                var isTrue = value switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw Bad(field, T.Pick("Флажок: true, false, empty или !empty", "A checkbox: true, false, empty or !empty")),
                };
                conditions.Add($"{(isTrue ? "" : "not ")}({customJson} @> {Parameter(Json(definition.Id, true))}::jsonb)");
                break;
            case CustomFieldTypes.Select or CustomFieldTypes.MultiSelect when value.StartsWith("in:", StringComparison.Ordinal):
                var options = In(field, value);
                if (options.Count > MaxCustomValues)
                {
                    throw Bad(field, T.Pick($"Не больше {MaxCustomValues} вариантов", $"At most {MaxCustomValues} options"));
                }
                // One containment per option, so the GIN index on custom (e.g. ix_deals_custom) serves each.
                var multi = definition.Type == CustomFieldTypes.MultiSelect;
                conditions.Add("(" + string.Join(" or ", options.Select(o =>
                    $"{customJson} @> {Parameter(Json(definition.Id, multi ? new[] { o } : o))}::jsonb")) + ")");
                break;
            default:
                // text, url, select and multiselect (the list as its JSON text): contains.
                var pattern = Parameter(ContainsPattern(field, value));
                contains.Add((customCandidates is null ? "" : $"{customCandidates} like {pattern} and ")
                             + $"translate(lower({customJson} ->> {key}), 'ё', 'е') like {pattern}");
                break;
        }
    }

    private static string Json(Guid fieldId, object value) => JsonSerializer.Serialize(new Dictionary<string, object> { [fieldId.ToString()] = value });

    private void AddRange<TValue>(string field, string sql, string value, Func<string, TValue> parse)
    {
        var (from, to) = Range(field, value);
        if (from is not null)
        {
            conditions.Add($"{sql} >= {Parameter(parse(from))}");
        }
        if (to is not null)
        {
            conditions.Add($"{sql} <= {Parameter(parse(to))}");
        }
    }

    /// <summary><c>empty</c>: true; <c>!empty</c>: false; anything else: null.</summary>
    private static bool? EmptyTest(string value) => value switch
    {
        "empty" => true,
        "!empty" => false,
        _ => null,
    };

    private static string ContainsPattern(string field, string value)
    {
        if (!value.StartsWith('~') || value.Length == 1)
        {
            throw Bad(field, T.Pick("Текст: ~слово, empty или !empty", "Text: ~word, empty or !empty"));
        }
        var text = value[1..];
        if (text.Length > MaxText)
        {
            throw Bad(field, T.Pick($"Не больше {MaxText} символов", $"At most {MaxText} characters"));
        }
        return $"%{EscapeLike(text.ToLowerInvariant().Replace('ё', 'е'))}%";
    }

    /// <summary><c>a..b</c>, <c>a..</c> or <c>..b</c>, both ends inclusive.</summary>
    private static (string? From, string? To) Range(string field, string value)
    {
        var dots = value.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0 || value.IndexOf("..", dots + 2, StringComparison.Ordinal) >= 0 || value.Length == 2)
        {
            throw Bad(field, T.Pick("Диапазон: от..до, от.. или ..до", "A range: from..to, from.. or ..to"));
        }
        var from = value[..dots];
        var to = value[(dots + 2)..];
        return (from.Length == 0 ? null : from, to.Length == 0 ? null : to);
    }

    /// <summary><c>in:a,b</c>; a comma or backslash inside a value is written <c>\,</c> or <c>\\</c>.</summary>
    private static List<string> In(string field, string value)
    {
        if (!value.StartsWith("in:", StringComparison.Ordinal) || value.Length == 3)
        {
            throw Bad(field, T.Pick("Список: in:значение,значение", "A list: in:value,value"));
        }
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 3; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                current.Append(value[++i]);
            }
            else if (value[i] == ',')
            {
                values.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(value[i]);
            }
        }
        values.Add(current.ToString());
        if (values.Count > MaxValues || values.Any(v => v.Length == 0))
        {
            throw Bad(field, T.Pick($"Список: от 1 до {MaxValues} непустых значений", $"A list of 1 to {MaxValues} non-empty values"));
        }
        return values;
    }

    /// <summary>The text as a LIKE pattern's literal part (backslash is the escape).</summary>
    internal static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static decimal ParseNumber(string field, string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Bad(field, T.Pick($"Не число: {text}", $"Not a number: {text}"));

    private static string ParseDate(string field, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? text
            : throw Bad(field, T.Pick("Дата: ГГГГ-ММ-ДД", "A date: YYYY-MM-DD"));

    /// <summary>An instant with its offset, or a date (a UTC day: from its start, up to the start of the next one).</summary>
    private static (DateTimeOffset At, bool Exclusive) ParseTime(string field, string text, bool upper)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return upper ? (start.AddDays(1), true) : (start, false);
        }
        if (text.Length > 10 && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            && (text.EndsWith('Z') || text[^6] is '+' or '-'))
        {
            return (at.ToUniversalTime(), false);
        }
        throw Bad(field, T.Pick("Время: ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTчч:мм:ссZ", "A time: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ"));
    }

    private static Guid ParseId(string field, string text) =>
        Guid.TryParse(text, out var id) ? id : throw Bad(field, T.Pick($"Не идентификатор: {text}", $"Not an id: {text}"));

    public static FieldValidationException Bad(string field, string message) => new(field, message);
}
