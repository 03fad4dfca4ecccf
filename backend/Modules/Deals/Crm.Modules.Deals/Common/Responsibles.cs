using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>Who may be made responsible for a deal: the one check every slice that sets a responsible runs.</summary>
internal static class Responsibles
{
    /// <summary>
    /// Someone other than the caller (who is signed in, so active) may be made responsible only while
    /// they are an active user in Deals' copy of users; else 400 on responsibleId. Read-your-writes: the
    /// copy is read after it has taken every committed event of that user (<see cref="EventCatchUp"/>, one
    /// indexed query when nothing is pending), so a user created or activated a moment ago is accepted and
    /// one deactivated a moment ago is refused.
    /// </summary>
    public static async Task EnsureAssignableAsync(IDbConnection conn, EventCatchUp catchUp, Guid responsibleId, Guid me, CancellationToken ct)
    {
        if (responsibleId == me)
        {
            return;
        }
        await catchUp.WaitAsync(DealsModule.ModuleName, responsibleId, ct);
        if (!await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from deals.users where id = @responsibleId and active)", new { responsibleId }))
        {
            throw Refused();
        }
    }

    /// <summary>A manager's deals are their own: they create none for someone else (a 403, or an import's refused row).</summary>
    public static string OnlyTheirOwn() => T.Pick("Менеджер создаёт сделки только на себя", "A manager creates deals only for themselves");

    /// <summary>The responsible named is not an active user.</summary>
    public static string NotActive() => T.Pick("Ответственный не найден или отключён", "The responsible user does not exist or is deactivated");

    private static FieldValidationException Refused() => new("responsibleId", NotActive());
}
