using System.Globalization;
using System.Text.Json;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>
/// A custom field's value as a cell of an imported file has it, read as the JSON the field's type takes (numbers
/// with a decimal point or comma, dates as 2026-12-31 or 31.12.2026, checkboxes as да/нет, yes/no, 1/0, several
/// options separated by «;»), for <see cref="CustomFieldValues.Check"/> to judge as any typed value.
/// </summary>
public static class CustomFieldText
{
    public static JsonElement Parse(string type, string text)
    {
        var value = text.Trim();
        object? json = type switch
        {
            CustomFieldTypes.Number when decimal.TryParse(
                value.Replace(" ", "", StringComparison.Ordinal).Replace('\u00a0'.ToString(), "", StringComparison.Ordinal).Replace(',', '.'),
                NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
            CustomFieldTypes.Date when DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CustomFieldTypes.Checkbox => value.ToLowerInvariant() switch
            {
                "да" or "yes" or "true" or "1" or "+" => true,
                "нет" or "no" or "false" or "0" or "-" => false,
                _ => value,
            },
            CustomFieldTypes.MultiSelect => value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            _ => value,
        };
        return JsonSerializer.SerializeToElement(json);
    }
}
