using System.Data;
using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>Checks a deal's custom field values against the deals' definitions (building blocks' CustomFieldValues).</summary>
internal static class CustomValues
{
    /// <summary>Returns the values as the jsonb to store (nulls dropped), or throws a 400 naming the field.</summary>
    public static async Task<string> CheckAsync(IDbConnection conn, IReadOnlyDictionary<string, JsonElement>? values)
    {
        if (values is null || values.Count == 0)
        {
            return "{}";
        }
        var definitions = await conn.QueryAsync<CustomFieldDefinition>(
            "select id as Id, type as Type, options::text as Options from deals.custom_fields");
        return CustomFieldValues.Check(definitions, values);
    }
}
