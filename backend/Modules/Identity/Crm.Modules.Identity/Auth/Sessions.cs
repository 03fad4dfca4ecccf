using System.Data;
using System.Security.Claims;
using Dapper;

namespace Crm.Modules.Identity.Auth;

/// <summary>Server-side browser sessions (identity.sessions); the cookie carries only the session id.</summary>
internal static class Sessions
{
    /// <summary>How stale last_seen_at may get before a request refreshes it (one write per session per interval, not per request).</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(5);

    public static async Task<Guid> StartAsync(IDbConnection conn, Guid userId, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync(
            "insert into identity.sessions (id, user_id, created_at, last_seen_at) values (@id, @userId, @now, @now)",
            new { id, userId, now });
        return id;
    }

    public static Task EndAsync(IDbConnection conn, Guid sessionId, DateTimeOffset now) =>
        conn.ExecuteAsync("update identity.sessions set ended_at = @now where id = @sessionId and ended_at is null", new { sessionId, now });

    /// <summary>Ends every open session of the user, except <paramref name="keep"/> when given.</summary>
    public static Task<int> EndAllAsync(IDbConnection conn, Guid userId, Guid? keep, DateTimeOffset now) =>
        conn.ExecuteAsync(
            "update identity.sessions set ended_at = @now where user_id = @userId and ended_at is null and id is distinct from @keep",
            new { userId, keep, now });

    /// <summary>The session id the cookie carries, if any.</summary>
    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(AuthSchemes.SessionClaim), out var id) ? id : null;
}
