using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Identity.Users;

internal static class UserGuards
{
    /// <summary>After a versioned update touched no row: was the user missing, or changed by someone else?</summary>
    public static async Task ThrowMissingOrStaleAsync(IDbConnection conn, Guid id)
    {
        var exists = await conn.ExecuteScalarAsync<bool>("select exists (select 1 from identity.users where id = @id)", new { id });
        throw exists
            ? new ConcurrencyConflictException(T.Pick(
                "Пользователя уже изменил кто-то другой. Обновите страницу и повторите.",
                "Someone else has changed this user. Reload and try again."))
            : new NotFoundException(T.Pick("Пользователь не найден", "User not found"));
    }

    public static NotFoundException NotFound() => new(T.Pick("Пользователь не найден", "User not found"));
}
