using System.Security.Cryptography;
using System.Text;

namespace Crm.Modules.Identity.Auth;

/// <summary>Personal API tokens: shown once, stored only as a SHA-256 hash.</summary>
internal static class ApiTokens
{
    private const string Prefix = "crm_";

    public static string NewToken() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
