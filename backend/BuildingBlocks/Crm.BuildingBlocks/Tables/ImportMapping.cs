using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;

namespace Crm.BuildingBlocks.Tables;

/// <summary>A field an imported column can fill; <c>Aliases</c> are the headers that name it (folded), for the first guess.</summary>
public sealed record ImportField(string Key, string Russian, string English, bool Required, string[] Aliases)
{
    public string Label => T.Pick(Russian, English);
}

/// <summary>
/// Which column of an uploaded table fills which field of a module's records: the mapping offered for a file
/// (the user's last one where its columns are in the file, else a guess from the headers), checked against the
/// file, and a row's values read by it. The fields are the module's; the rules are the same for every import.
/// </summary>
public static class ImportMapping
{
    /// <summary>
    /// The mapping to offer for a file: the user's last one where its headers are in this file, then, for the
    /// fields still free, a header that names the field.
    /// </summary>
    public static Dictionary<string, string> Suggest(
        IReadOnlyList<ImportField> fields, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string>? remembered)
    {
        var byFold = headers.Where(h => h.Length > 0).ToDictionary(h => TextKeys.Fold(h), h => h);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (remembered is not null && remembered.TryGetValue(field.Key, out var header) && byFold.TryGetValue(TextKeys.Fold(header), out var found))
            {
                mapping[field.Key] = found;
            }
        }
        foreach (var field in fields.Where(f => !mapping.ContainsKey(f.Key)))
        {
            var guess = field.Aliases.Append(TextKeys.Fold(field.Russian)).Append(TextKeys.Fold(field.English))
                .Select(a => byFold.GetValueOrDefault(a))
                .FirstOrDefault(h => h is not null && !mapping.ContainsValue(h));
            if (guess is not null)
            {
                mapping[field.Key] = guess;
            }
        }
        return mapping;
    }

    /// <summary>The column of each mapped field; null and the reason when the mapping does not fit the file.</summary>
    public static (Dictionary<string, int>? Columns, string? Error) Resolve(
        IReadOnlyList<ImportField> fields, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> mapping)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, header) in mapping)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                continue;
            }
            if (fields.All(f => f.Key != key))
            {
                return (null, T.Pick($"Нет такого поля: {key}", $"No such field: {key}"));
            }
            var index = headers.ToList().FindIndex(h => string.Equals(h, header.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return (null, T.Pick($"В файле нет столбца «{header}»", $"The file has no column \"{header}\""));
            }
            columns[key] = index;
        }
        var missing = fields.Where(f => f.Required && !columns.ContainsKey(f.Key)).Select(f => f.Label).ToList();
        return missing.Count > 0
            ? (null, T.Pick($"Укажите столбец для поля «{string.Join("», «", missing)}»", $"Choose the column of \"{string.Join("\", \"", missing)}\""))
            : (columns, null);
    }

    /// <summary>A row's values by field (blank cells left out).</summary>
    public static Dictionary<string, string> Values(IReadOnlyDictionary<string, int> columns, string[] cells) =>
        columns.Where(c => c.Value < cells.Length && cells[c.Value].Length > 0).ToDictionary(c => c.Key, c => cells[c.Value]);

    /// <summary>The mapping as stored with an import and remembered for the user: the mapped fields only, as JSON.</summary>
    public static string ToJson(IReadOnlyDictionary<string, string> mapping) =>
        System.Text.Json.JsonSerializer.Serialize(mapping.Where(m => !string.IsNullOrWhiteSpace(m.Value)).ToDictionary());
}
