using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// The most connections one instance's requests and jobs hold to PostgreSQL (the bus has its own,
/// <see cref="Events.BusConnections"/>) (<c>Database:MaxPoolSize</c>; by default four per
/// core, at least 10 and at most 30, <see cref="DefaultMaxSize"/>; a <c>Maximum Pool Size</c> in the connection
/// string wins). Npgsql's own default, 100, is PostgreSQL's default <c>max_connections</c>: a burst of 100
/// requests then took every connection the server has, and the next one anywhere (a second instance, a backup,
/// psql, the migrations' own) failed with "too many clients", a 503 (bench inbox). Requests past the pool wait
/// for a connection instead, which answers the whole burst sooner: PostgreSQL does more on a few busy backends
/// than on many fighting for the same cores, and a burst opens fewer new ones (bench inbox, 100 accepts at once
/// on two cores: with 30, each accept cost the database 1.0–1.5 ms of CPU and the first burst after a start took
/// 720 ms; with 10, 0.6–1.0 ms and 114 ms).
/// <para>
/// A connection goes back to the pool as it is (<c>No Reset On Close</c>, unless the connection string says
/// otherwise). Npgsql's reset, with prepared statements on the connection, is a round of seven statements
/// (<c>RESET ALL</c>, <c>UNLISTEN *</c>, <c>DISCARD TEMP</c>, …) sent with the next command of every request and
/// event delivery that takes the connection again (bench inbox: an accept takes two). The app leaves nothing for it
/// to reset: settings are given at start-up (<see cref="StatementTimeout"/>) or <c>set local</c> in a transaction,
/// no temporary tables, session advisory locks unlocked by their owner (<see cref="ClusterLock"/>, the migrator),
/// and the bus's listening connection unlistens before it goes back.
/// </para>
/// </summary>
public static class ConnectionPool
{
    /// <summary>The pool's size unless configured: four connections per core, at least 10 and at most 30.</summary>
    public static int DefaultMaxSize(int processors) => Math.Clamp(4 * processors, 10, 30);

    public static NpgsqlDataSourceBuilder Apply(NpgsqlDataSourceBuilder builder, IConfiguration configuration, string connectionString)
    {
        if (!ConnectionKeywords.Given(connectionString, "maximumpoolsize", "maxpoolsize"))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = configuration.GetValue<int?>("Database:MaxPoolSize") is { } size and > 0 ? size : DefaultMaxSize(Environment.ProcessorCount);
        }
        if (!ConnectionKeywords.Given(connectionString, "minimumpoolsize", "minpoolsize"))
        {
            // The connections kept open however idle the instance is, opened at its start (PoolWarmUp): none unless
            // Database:MinPoolSize says so. Bench inbox, the first 100 accepts after a start: 514 ms with none kept,
            // 440 with 10, 105 with 30. But Npgsql hands idle connections out in turn (first in, first out), and a
            // statement is prepared and planned anew on each: with 30 kept from the start, the first minutes of
            // ordinary work were slower (bench tables, the global search at 1 client, p95: «иван» 66 ms against 42,
            // «Шпаковск» 33 against 22). Kept for a deployment that meets bursts after idle hours.
            if (configuration.GetValue<int?>("Database:MinPoolSize") is { } size and > 0)
            {
                builder.ConnectionStringBuilder.MinPoolSize = Math.Min(size, builder.ConnectionStringBuilder.MaxPoolSize);
            }
        }
        if (!ConnectionKeywords.Given(connectionString, "noresetonclose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }
        return builder;
    }
}
