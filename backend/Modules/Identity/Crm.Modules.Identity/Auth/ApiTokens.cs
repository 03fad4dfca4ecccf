using System.Data;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Crm.Modules.Identity.Auth;

/// <summary>Personal API tokens: shown once, stored only as a SHA-256 hash.</summary>
internal static class ApiTokens
{
    private const string Prefix = "crm_";

    public static string NewToken() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Revokes every token of the user for good (a later re-activation does not revive them).</summary>
    public static Task<int> RevokeAllAsync(IDbConnection conn, Guid userId, DateTimeOffset now) =>
        conn.ExecuteAsync("update identity.api_tokens set revoked_at = @now where user_id = @userId and revoked_at is null", new { userId, now });
}
