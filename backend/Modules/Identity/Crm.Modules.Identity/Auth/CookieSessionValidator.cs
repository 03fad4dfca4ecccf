using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Modules.Identity.Auth;

/// <summary>
/// Checks on every request, in one indexed lookup, that the cookie's session has not ended
/// (sign-out, sign-out everywhere, password change), its user is still active and their security
/// stamp unchanged (deactivation and password reset end existing sessions at once); a changed
/// name, e-mail or role is taken into the cookie. last_seen_at is refreshed at most every
/// <see cref="Sessions.LastSeenResolution"/>.
/// </summary>
internal static class CookieSessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (!Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || !Guid.TryParse(principal.FindFirstValue(AuthSchemes.StampClaim), out var stamp)
            || Sessions.IdOf(principal) is not { } sessionId)
        {
            await Reject(context);
            return;
        }
        var dataSource = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var conn = await dataSource.OpenConnectionAsync(context.HttpContext.RequestAborted);
        var current = await conn.QuerySingleOrDefaultAsync<Current>(
            """
            select u.email as Email, u.display_name as DisplayName, u.role as Role, s.last_seen_at as LastSeenAt
            from identity.sessions s join identity.users u on u.id = s.user_id
            where s.id = @sessionId and s.user_id = @userId and s.ended_at is null and u.is_active and u.security_stamp = @stamp
            """,
            new { sessionId, userId, stamp });
        if (current is null)
        {
            await Reject(context);
            return;
        }
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (now - current.LastSeenAt > Sessions.LastSeenResolution)
        {
            await conn.ExecuteAsync(
                "update identity.sessions set last_seen_at = @now where id = @sessionId and ended_at is null", new { sessionId, now });
        }
        if (principal.FindFirstValue(ClaimTypes.Name) != current.DisplayName
            || principal.FindFirstValue(ClaimTypes.Email) != current.Email
            || principal.FindFirstValue(ClaimTypes.Role) != current.Role)
        {
            context.ReplacePrincipal(AuthSchemes.Principal(userId, current.Email, current.DisplayName, current.Role, stamp, AuthSchemes.Cookie, sessionId));
            context.ShouldRenew = true;
        }
    }

    private static async Task Reject(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
    }

    private sealed record Current(string Email, string DisplayName, string Role, DateTimeOffset LastSeenAt);
}
