using System.Data.Common;

namespace Crm.BuildingBlocks.Data;

/// <summary>What the deployed connection string itself says: a keyword it gives wins over the app's default for it.</summary>
internal static class ConnectionKeywords
{
    /// <summary>Whether the string holds one of <paramref name="keywords"/> (lower case, without spaces: "maxpoolsize").</summary>
    public static bool Given(string connectionString, params string[] keywords) =>
        // Npgsql's own builder knows every keyword, set or not: the generic one lists only those in the string.
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .Any(keywords.Contains);
}
