using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>Who may be made responsible for a company or contact: the one check every slice that sets a responsible runs.</summary>
internal static class Responsibles
{
    private const string ActiveSql = "select exists (select 1 from directory.users where id = @responsibleId and active)";

    /// <summary>
    /// A manager's records are theirs: they may not make someone else responsible (403). Someone other
    /// than the caller (who is signed in, so active) must be an active user in Directory's copy of users,
    /// else 400 on responsibleId; a user created or activated a moment ago, whose event the copy has not
    /// taken yet, is waited for (read-your-writes).
    /// </summary>
    public static async Task EnsureAssignableAsync(IDbConnection conn, EventCatchUp catchUp, CurrentUser user, Guid responsibleId, CancellationToken ct)
    {
        if (responsibleId == user.Id)
        {
            return;
        }
        if (!user.IsSupervisor)
        {
            throw new ForbiddenException(T.Pick(
                "Менеджер не может назначить ответственным другого пользователя", "A manager may not make someone else responsible"));
        }
        if (await conn.ExecuteScalarAsync<bool>(ActiveSql, new { responsibleId }))
        {
            return;
        }
        await catchUp.WaitAsync(DirectoryModule.ModuleName, responsibleId, ct);
        if (!await conn.ExecuteScalarAsync<bool>(ActiveSql, new { responsibleId }))
        {
            throw new FieldValidationException("responsibleId", T.Pick(
                "Ответственный не найден или отключён", "The responsible user does not exist or is deactivated"));
        }
    }
}
