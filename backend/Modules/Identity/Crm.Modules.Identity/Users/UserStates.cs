using System.Data;
using Crm.Modules.Identity.Contracts;
using Dapper;

namespace Crm.Modules.Identity.Users;

/// <summary>
/// A user's <see cref="UserState"/> as its events carry it, read from the row after the change in the
/// change's own transaction (so the version and the fields always match). Every publisher of a user
/// event and the replay read it here.
/// </summary>
internal static class UserStates
{
    public const string Select = """
        select id as UserId, version as Version, email as Email, display_name as DisplayName, role as Role, is_active as Active,
            language as Language, time_zone as TimeZone, reminder_lead_minutes as ReminderLeadMinutes,
            credentials_revoked_at as CredentialsRevokedAt
        from identity.users
        """;

    public static Task<UserState> ReadAsync(IDbConnection conn, Guid userId) =>
        conn.QuerySingleAsync<UserState>($"{Select} where id = @userId", new { userId });
}
