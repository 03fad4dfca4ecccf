using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Modules.Identity.Auth;

/// <summary>Authenticates scripts and integrations by "Authorization: Bearer &lt;personal API token&gt;".</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    NpgsqlDataSource dataSource,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiTokens.HashOf(header["Bearer ".Length..].Trim());
        await using var conn = await dataSource.OpenConnectionAsync(Context.RequestAborted);
        var user = await conn.QuerySingleOrDefaultAsync<TokenUser>(
            """
            select t.id as TokenId, t.last_used_at as LastUsedAt, u.id as UserId, u.email as Email,
                   u.display_name as DisplayName, u.role as Role, u.security_stamp as Stamp
            from identity.api_tokens t join identity.users u on u.id = t.user_id
            where t.token_hash = @hash and t.revoked_at is null and u.is_active
            """,
            new { hash });
        if (user is null)
        {
            return AuthenticateResult.Fail("Invalid API token.");
        }
        var now = clock.GetUtcNow();
        if (user.LastUsedAt is null || now - user.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await conn.ExecuteAsync("update identity.api_tokens set last_used_at = @now where id = @TokenId", new { now, user.TokenId });
        }
        var principal = AuthSchemes.Principal(user.UserId, user.Email, user.DisplayName, user.Role, user.Stamp, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private sealed record TokenUser(Guid TokenId, DateTimeOffset? LastUsedAt, Guid UserId, string Email, string DisplayName, string Role, Guid Stamp);
}
