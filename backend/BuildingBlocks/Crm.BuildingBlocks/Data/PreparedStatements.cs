using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// The app's statements are prepared on each connection once they have run on it twice (Npgsql's automatic
/// preparation; up to <c>Database:AutoPrepare</c> statements a connection, 200 by default, 0 turns it off; a
/// <c>Max Auto Prepare</c> in the connection string wins). PostgreSQL then parses a statement once per connection
/// and, after five runs, keeps one plan for any values when that plan is as good as planning each time: parsing and
/// planning were most of the database's CPU in a command or an event delivery (bench inbox: an accept 4.1–6.3 → 2.7
/// ms of CPU in all, the events one accept sets off 47–49 → 19–23 ms). So that one plan is never the worse one, a
/// statement whose best plan depends on which optional filter is given is written as a text per shape (a keyset's
/// <c>after</c>, an optional pipeline, added only when given), as BoardQuery and the organizer's lists do.
/// </summary>
public static class PreparedStatements
{
    public const int DefaultMaxAutoPrepare = 200;

    /// <summary>Runs on a connection before a statement is prepared there: one run alone (a migration's, a rare admin's) is never prepared.</summary>
    public const int MinUsages = 2;

    public static NpgsqlDataSourceBuilder Apply(NpgsqlDataSourceBuilder builder, IConfiguration configuration, string connectionString)
    {
        if (!ConnectionKeywords.Given(connectionString, "maxautoprepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare =
                configuration.GetValue<int?>("Database:AutoPrepare") is { } size and >= 0 ? size : DefaultMaxAutoPrepare;
        }
        if (!ConnectionKeywords.Given(connectionString, "autoprepareminusages"))
        {
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = MinUsages;
        }
        return builder;
    }
}
