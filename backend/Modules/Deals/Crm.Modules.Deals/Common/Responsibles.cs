using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>Who may be made responsible for a deal: the one check every slice that sets a responsible runs.</summary>
internal static class Responsibles
{
    private const string ActiveSql = "select exists (select 1 from deals.users where id = @responsibleId and active)";

    /// <summary>
    /// Someone other than the caller (who is signed in, so active) may be made responsible only while
    /// they are an active user in Deals' copy of users; else 400 on responsibleId. A user created or
    /// activated a moment ago, whose event the copy has not taken yet, is waited for (read-your-writes).
    /// </summary>
    public static async Task EnsureAssignableAsync(IDbConnection conn, EventCatchUp catchUp, Guid responsibleId, Guid me, CancellationToken ct)
    {
        if (responsibleId == me || await conn.ExecuteScalarAsync<bool>(ActiveSql, new { responsibleId }))
        {
            return;
        }
        await catchUp.WaitAsync(DealsModule.ModuleName, responsibleId, ct);
        if (!await conn.ExecuteScalarAsync<bool>(ActiveSql, new { responsibleId }))
        {
            throw Refused();
        }
    }

    private static FieldValidationException Refused() => new("responsibleId", T.Pick(
        "Ответственный не найден или отключён", "The responsible user does not exist or is deactivated"));
}
