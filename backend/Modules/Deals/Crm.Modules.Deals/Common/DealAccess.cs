using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>Loads a deal for a change and applies the rules every change shares: 404, 403, 409.</summary>
internal static class DealAccess
{
    /// <summary>
    /// Locks the deal's row for the rest of the transaction. Managers change only the deals they
    /// are responsible for; a stale <paramref name="version"/> (when given) is a conflict.
    /// </summary>
    public static async Task<DealRow> LoadForChangeAsync(IDbConnection conn, Guid id, int? version, CurrentUser user)
    {
        var deal = await conn.QuerySingleOrDefaultAsync<DealRow>(
            $"select {DealRow.Columns} from deals.deals where id = @id and deleted_at is null for update", new { id })
            ?? throw NotFound();
        if (!user.IsSupervisor && deal.ResponsibleId != user.Id)
        {
            throw new ForbiddenException(T.Pick(
                "Менеджер может менять только свои сделки", "A manager may change only the deals they are responsible for"));
        }
        if (version is { } expected && expected != deal.Version)
        {
            throw new ConcurrencyConflictException(T.Pick(
                "Сделку уже изменил кто-то другой. Обновите страницу и повторите.",
                "Someone else has changed this deal. Reload and try again."));
        }
        return deal;
    }

    public static NotFoundException NotFound() => new(T.Pick("Сделка не найдена", "Deal not found"));
}
