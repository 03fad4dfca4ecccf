using System.Data;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// The "Сделка #N" numbers: a counter row (deals.deal_numbers) raised in the create's own transaction.
/// Unlike a sequence, a create that is refused or rolls back gives its number back, so the numbers of
/// the deals that exist run 1, 2, 3… without gaps (deleted deals keep theirs). The row stays locked until
/// the create commits, so concurrent creates take numbers one after another: take it last, after every
/// check and wait, to keep that time to the insert and the commit.
/// </summary>
internal static class DealNumbers
{
    public static Task<long> TakeAsync(IDbConnection conn) => TakeAsync(conn, 1);

    /// <summary>The first of <paramref name="count"/> numbers in a row (an import's batch).</summary>
    public static async Task<long> TakeAsync(IDbConnection conn, int count) =>
        await conn.ExecuteScalarAsync<long>(
            "update deals.deal_numbers set last_number = last_number + @count returning last_number", new { count }) - count + 1;
}
