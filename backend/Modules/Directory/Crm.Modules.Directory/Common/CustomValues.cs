using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.BuildingBlocks.CustomFields;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>Checks a company's or contact's custom field values against its entity's definitions (building blocks' CustomFieldValues).</summary>
internal static class CustomValues
{
    /// <summary>Returns the values as the jsonb to store (nulls dropped), or throws a 400 naming the field.</summary>
    public static async Task<string> CheckAsync(IDbConnection conn, string entity, IReadOnlyDictionary<string, JsonElement>? values)
    {
        if (values is null || values.Count == 0)
        {
            return "{}";
        }
        var definitions = await conn.QueryAsync<CustomFieldDefinition>(
            "select id as Id, type as Type, options::text as Options from directory.custom_fields where entity = @entity", new { entity });
        return CustomFieldValues.Check(definitions, values);
    }

    /// <summary>A merge survivor's values, plus the merged record's for fields the survivor has no value in.</summary>
    public static string FillMissing(string survivor, string merged)
    {
        var result = JsonNode.Parse(survivor)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(merged)!.AsObject())
        {
            if (!result.ContainsKey(key))
            {
                result[key] = value?.DeepClone();
            }
        }
        return result.ToJsonString();
    }
}
