using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// Where a table's keyset page ended: the sort it belongs to, whether it is among the rows without a
/// sort value, that value as invariant text, and the last row's id; an opaque URL-safe string
/// (<c>nextCursor</c>, given back as <c>after</c>).
/// </summary>
public readonly record struct TableCursor(string Sort, bool InNulls, string? Value, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new object?[] { Sort, InNulls, Value, Id })));

    /// <summary>The cursor, or a 400 on <c>after</c>.</summary>
    public static TableCursor Decode(string text)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<JsonElement[]>(Base64Url.DecodeFromChars(text));
            if (parts is { Length: 4 } && parts[0].ValueKind == JsonValueKind.String && parts[1].ValueKind is JsonValueKind.True or JsonValueKind.False
                && parts[2].ValueKind is JsonValueKind.String or JsonValueKind.Null && parts[3].TryGetGuid(out var id))
            {
                return new TableCursor(parts[0].GetString()!, parts[1].GetBoolean(), parts[2].GetString(), id);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
        }
        throw new FieldValidationException("after", T.Pick("Неверная позиция страницы", "Invalid page cursor"));
    }

    /// <summary>A cursor of another sort than the page asked for: 400 on <c>after</c>.</summary>
    public void MustBeOf(string sort)
    {
        if (Sort != sort)
        {
            throw new FieldValidationException("after", T.Pick("Позиция страницы от другой сортировки", "The page cursor is of another sort"));
        }
    }
}
