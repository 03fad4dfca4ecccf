using System.Security.Cryptography;
using System.Text;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// A calendar feed token is 32 random bytes in hex, shown once; only its SHA-256 is stored, so a
/// leaked database does not leak the feeds.
/// </summary>
internal static class CalendarTokens
{
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
