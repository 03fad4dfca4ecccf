using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// The deals table's column filters (<c>f.&lt;column&gt;=&lt;expression&gt;</c>, docs/pipelines-deals-api.md,
/// "The deals table") turned into SQL conditions on deals.deals aliased <c>d</c>. The SQL text comes
/// only from the whitelist below and depends only on which column and which operator was given (and
/// how many values an "in" of a custom field has); every value the user typed, custom field ids
/// included, is a parameter.
/// </summary>
internal sealed class DealTableFilters
{
    public const int MaxText = 200;
    public const int MaxValues = 100;
    public const int MaxCustomValues = 20;

    private enum Kind { Text, Number, Time, Ids, Codes, Status }

    /// <summary>A built-in column: its SQL expression, its type, and whether it can be empty (null).</summary>
    private sealed record Column(string Sql, Kind Kind, bool Nullable, bool Searched = false);

    private static readonly Dictionary<string, Column> Columns = new(StringComparer.Ordinal)
    {
        ["name"] = new("d.name", Kind.Text, false, Searched: true),
        ["company"] = new("d.company_name", Kind.Text, true, Searched: true),
        ["contact"] = new("d.contact_name", Kind.Text, true, Searched: true),
        ["number"] = new("d.number", Kind.Number, false),
        ["budget"] = new("d.budget", Kind.Number, true),
        ["currency"] = new("d.currency", Kind.Codes, false),
        ["pipeline"] = new("d.pipeline_id", Kind.Ids, false),
        ["stage"] = new("d.stage_id", Kind.Ids, false),
        ["responsible"] = new("d.responsible_id", Kind.Ids, false),
        ["created"] = new("d.created_at", Kind.Time, false),
        ["updated"] = new("d.updated_at", Kind.Time, false),
        ["closed"] = new("d.closed_at", Kind.Time, true),
        ["deadline"] = new("d.deadline", Kind.Time, true),
        ["nextTask"] = new("d.next_task_due", Kind.Time, true),
        ["status"] = new("d.stage_id", Kind.Status, false),
    };

    /// <summary>A deal's status (as its events carry it) by the kinds of stage that make it: open is any stage not closing.</summary>
    private static readonly Dictionary<string, string[]> StatusKinds = new(StringComparer.Ordinal)
    {
        ["open"] = ["unsorted", "open"],
        ["won"] = ["won"],
        ["lost"] = ["lost"],
    };

    private readonly List<string> conditions = [];
    private readonly DynamicParameters parameters;
    private int next;

    /// <param name="filters">The filters by column (without the "f." prefix), as given.</param>
    /// <param name="customFields">The deals' custom field definitions by id.</param>
    /// <param name="parameters">Where the values go.</param>
    public DealTableFilters(
        IReadOnlyDictionary<string, string> filters, IReadOnlyDictionary<Guid, CustomFieldDefinition> customFields, DynamicParameters parameters)
    {
        this.parameters = parameters;
        foreach (var (column, expression) in filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var field = $"f.{column}";
            var value = expression.Trim();
            if (value.Length == 0)
            {
                throw Bad(field, T.Pick("Пустой фильтр", "The filter is empty"));
            }
            if (Columns.TryGetValue(column, out var known))
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

    /// <summary>The columns filtered (without "f.").</summary>
    public HashSet<string> ByColumn { get; } = new(StringComparer.Ordinal);

    /// <summary>The conditions joined with "and" ("true" when none).</summary>
    public string Where => conditions.Count == 0 ? "true" : string.Join(" and ", conditions);

    private string Parameter(object? value)
    {
        var name = $"F{next++}";
        parameters.Add(name, value);
        return "@" + name;
    }

    private void AddBuiltIn(string field, Column column, string value)
    {
        if (EmptyTest(value) is { } empty)
        {
            if (!column.Nullable)
            {
                throw Bad(field, T.Pick("Этот столбец не бывает пустым", "This column is never empty"));
            }
            conditions.Add($"{column.Sql} is {(empty ? "" : "not ")}null");
            return;
        }
        switch (column.Kind)
        {
            case Kind.Text:
                var pattern = Parameter(ContainsPattern(field, value));
                // deals.search (name, company, main contact, folded) is a superset of each of the three,
                // and its trigram index (ix_deals_search) hands out the candidates.
                conditions.Add($"d.search like {pattern} and translate(lower({column.Sql}), 'ё', 'е') like {pattern}");
                break;
            case Kind.Number:
                AddRange(field, column.Sql, value, v => ParseNumber(field, v));
                break;
            case Kind.Time:
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
            case Kind.Ids:
                conditions.Add($"{column.Sql} = any({Parameter(In(field, value).Select(v => ParseId(field, v)).ToArray())})");
                break;
            case Kind.Codes:
                var codes = In(field, value).Select(v => v.ToUpperInvariant()).ToArray();
                conditions.Add($"{column.Sql}::text = any({Parameter(codes)})");
                break;
            case Kind.Status:
                var kinds = In(field, value).SelectMany(v => StatusKinds.TryGetValue(v, out var k)
                    ? k
                    : throw Bad(field, T.Pick($"Статус: open, won или lost, а не {v}", $"A status: open, won or lost, not {v}"))).Distinct().ToArray();
                conditions.Add($"{column.Sql} in (select s.id from deals.stages s where s.kind = any({Parameter(kinds)}))");
                break;
        }
    }

    private void AddCustom(string field, CustomFieldDefinition definition, string value)
    {
        var key = Parameter(definition.Id.ToString());
        var json = $"d.custom -> {key}";
        if (EmptyTest(value) is { } empty)
        {
            // Stored values drop nulls; an empty text or an empty list counts as empty too.
            conditions.Add($"{(empty ? "" : "not ")}(coalesce({json}, '\"\"'::jsonb) in ('\"\"'::jsonb, '[]'::jsonb))");
            return;
        }
        switch (definition.Type)
        {
            case CustomFieldTypes.Number:
                AddRange(field, $"(case when jsonb_typeof({json}) = 'number' then (d.custom ->> {key})::numeric end)", value,
                    v => ParseNumber(field, v));
                break;
            case CustomFieldTypes.Date:
                // Stored as an ISO date (or date-time): its first ten characters compare as dates do.
                AddRange(field, $"left(d.custom ->> {key}, 10)", value, v => ParseDate(field, v));
                break;
            case CustomFieldTypes.Checkbox:
                var isTrue = value switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw Bad(field, T.Pick("Флажок: true, false, empty или !empty", "A checkbox: true, false, empty or !empty")),
                };
                conditions.Add($"{(isTrue ? "" : "not ")}(d.custom @> {Parameter(Json(definition.Id, true))}::jsonb)");
                break;
            case CustomFieldTypes.Select or CustomFieldTypes.MultiSelect when value.StartsWith("in:", StringComparison.Ordinal):
                var options = In(field, value);
                if (options.Count > MaxCustomValues)
                {
                    throw Bad(field, T.Pick($"Не больше {MaxCustomValues} вариантов", $"At most {MaxCustomValues} options"));
                }
                // One containment per option, so the GIN index on custom (ix_deals_custom) serves each.
                var multi = definition.Type == CustomFieldTypes.MultiSelect;
                conditions.Add("(" + string.Join(" or ", options.Select(o =>
                    $"d.custom @> {Parameter(Json(definition.Id, multi ? new[] { o } : o))}::jsonb")) + ")");
                break;
            default:
                // text, url, select and multiselect (the list as its JSON text): contains.
                conditions.Add($"translate(lower(d.custom ->> {key}), 'ё', 'е') like {Parameter(ContainsPattern(field, value))}");
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
        return $"%{SearchText.EscapeLike(SearchText.Fold(text))}%";
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

    private static FieldValidationException Bad(string field, string message) => new(field, message);
}
