using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Modules.Identity.Auth;

/// <summary>
/// Checks on every request that the cookie's user is still active and their security stamp
/// unchanged (deactivation and password reset end existing sessions at once); a changed name,
/// e-mail or role is taken into the cookie.
/// </summary>
internal static class CookieSessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (!Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || !Guid.TryParse(principal.FindFirstValue(AuthSchemes.StampClaim), out var stamp))
        {
            await Reject(context);
            return;
        }
        var dataSource = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var conn = await dataSource.OpenConnectionAsync(context.HttpContext.RequestAborted);
        var current = await conn.QuerySingleOrDefaultAsync<Current>(
            "select email as Email, display_name as DisplayName, role as Role from identity.users where id = @userId and is_active and security_stamp = @stamp",
            new { userId, stamp });
        if (current is null)
        {
            await Reject(context);
            return;
        }
        if (principal.FindFirstValue(ClaimTypes.Name) != current.DisplayName
            || principal.FindFirstValue(ClaimTypes.Email) != current.Email
            || principal.FindFirstValue(ClaimTypes.Role) != current.Role)
        {
            context.ReplacePrincipal(AuthSchemes.Principal(userId, current.Email, current.DisplayName, current.Role, stamp, AuthSchemes.Cookie));
            context.ShouldRenew = true;
        }
    }

    private static async Task Reject(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
    }

    private sealed record Current(string Email, string DisplayName, string Role);
}
