using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>A custom field definition as a module stores it: its type and, for selects, the options as a JSON array.</summary>
public sealed record CustomFieldDefinition(Guid Id, string Type, string Options);

/// <summary>
/// Checks a record's custom field values against its module's definitions, by type. Each module
/// reads its own definitions (its own schema) and hands them here.
/// </summary>
public static class CustomFieldValues
{
    public const int TextMaxLength = 2000;

    /// <summary>Returns the values as the jsonb to store (nulls dropped), or throws a 400 naming the field.</summary>
    public static string Check(IEnumerable<CustomFieldDefinition> definitions, IReadOnlyDictionary<string, JsonElement> values)
    {
        var byId = definitions.ToDictionary(d => d.Id);
        var stored = new Dictionary<string, JsonElement>();
        foreach (var (key, value) in values)
        {
            var field = $"customFields.{key}";
            if (!Guid.TryParse(key, out var id) || !byId.TryGetValue(id, out var definition))
            {
                throw new FieldValidationException(field, T.Pick("Такого поля нет", "There is no such field"));
            }
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }
            var options = JsonSerializer.Deserialize<string[]>(definition.Options) ?? [];
            if (!IsValid(definition.Type, value, options))
            {
                throw new FieldValidationException(field, Message(definition.Type));
            }
            stored[id.ToString()] = value;
        }
        return JsonSerializer.Serialize(stored);
    }

    private static bool IsValid(string type, JsonElement value, string[] options) => type switch
    {
        CustomFieldTypes.Text => value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= TextMaxLength,
        CustomFieldTypes.Number => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _),
        CustomFieldTypes.Date => value.ValueKind == JsonValueKind.String && IsIsoDate(value.GetString()!),
        CustomFieldTypes.Select => value.ValueKind == JsonValueKind.String && options.Contains(value.GetString()),
        CustomFieldTypes.MultiSelect => value.ValueKind == JsonValueKind.Array
            && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String && options.Contains(v.GetString()))
            && value.EnumerateArray().Select(v => v.GetString()).Distinct().Count() == value.GetArrayLength(),
        CustomFieldTypes.Checkbox => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        CustomFieldTypes.Url => value.ValueKind == JsonValueKind.String && IsWebUrl(value.GetString()!),
        _ => false,
    };

    private static bool IsIsoDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        || (text.Length > 10 && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _));

    private static bool IsWebUrl(string text) =>
        text.Length <= TextMaxLength
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    private static string Message(string type) => type switch
    {
        CustomFieldTypes.Text => T.Pick($"Текст: не больше {TextMaxLength} символов", $"Text of at most {TextMaxLength} characters"),
        CustomFieldTypes.Number => T.Pick("Введите число", "Enter a number"),
        CustomFieldTypes.Date => T.Pick("Введите дату в формате ГГГГ-ММ-ДД", "Enter a date as YYYY-MM-DD"),
        CustomFieldTypes.Select => T.Pick("Выберите один из вариантов", "Choose one of the options"),
        CustomFieldTypes.MultiSelect => T.Pick("Выберите варианты из списка", "Choose options from the list"),
        CustomFieldTypes.Checkbox => T.Pick("Значение: да или нет", "The value must be true or false"),
        _ => T.Pick("Введите адрес http(s)://…", "Enter an http(s):// address"),
    };
}
