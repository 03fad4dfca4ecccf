using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Inbox.Common;

/// <summary>Reads forms.</summary>
internal static class Forms
{
    public static NotFoundException NotFound() => new(T.Pick("Форма не найдена", "Form not found"));

    public static async Task<FormRow> GetAsync(IDbConnection conn, Guid id) =>
        await conn.QuerySingleOrDefaultAsync<FormRow>($"select {FormRow.Columns} from inbox.forms f where f.id = @id", new { id })
        ?? throw NotFound();

    /// <summary>The enabled form with this key, or null (unknown, malformed or disabled: all the same to the public).</summary>
    public static async Task<FormRow?> EnabledByKeyAsync(IDbConnection conn, string? key) =>
        FormKeys.IsWellFormed(key)
            ? await conn.QuerySingleOrDefaultAsync<FormRow>($"select {FormRow.Columns} from inbox.forms f where f.key = @key and f.enabled", new { key })
            : null;
}
