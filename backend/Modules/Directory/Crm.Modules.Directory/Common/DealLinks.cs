using System.Data;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// A company typed into a deal and a contact of that company arrive as two events that may be
/// handled at the same time: both handlers take this lock on the company's id first, so the
/// contact's handler either sees the company committed or leaves a note the company's handler sees.
/// </summary>
internal static class DealLinks
{
    public static Task LockCompanyAsync(IDbConnection conn, Guid companyId) =>
        conn.ExecuteAsync(
            "select pg_advisory_xact_lock(hashtext('directory.company'), hashtext(@companyId::text))", new { companyId });

    /// <summary>The name as a deal sent it, cut to what the Lists hold; a blank one gets a placeholder.</summary>
    public static string NameOf(string? name, string placeholder)
    {
        var clean = DirectoryRules.Clean(name) ?? placeholder;
        return clean.Length <= DirectoryRules.NameMaxLength ? clean : clean[..DirectoryRules.NameMaxLength];
    }
}
