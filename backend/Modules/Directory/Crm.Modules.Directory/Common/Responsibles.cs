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
    /// <summary>
    /// A manager's records are theirs: they may not make someone else responsible (403). Someone other
    /// than the caller (who is signed in, so active) must be an active user in Directory's copy of users,
    /// else 400 on responsibleId. Read-your-writes: the copy is read after it has taken every committed
    /// event of that user (<see cref="EventCatchUp"/>, one indexed query when nothing is pending), so a
    /// user created or activated a moment ago is accepted and one deactivated a moment ago is refused.
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
        await catchUp.WaitAsync(DirectoryModule.ModuleName, responsibleId, ct);
        if (!await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from directory.users where id = @responsibleId and active)", new { responsibleId }))
        {
            throw new FieldValidationException("responsibleId", T.Pick(
                "Ответственный не найден или отключён", "The responsible user does not exist or is deactivated"));
        }
    }
}
