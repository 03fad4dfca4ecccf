using Npgsql;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// The bus's own connections, apart from the pool that requests and jobs share: the listening connection,
/// one per delivery worker, and room for the read-your-writes checks (<see cref="EventCatchUp"/>). A request
/// that waits for a copy holds its pooled connection while it waits; had the deliveries and the checks taken
/// theirs from the same pool, enough waiting requests (one a connection) would leave none for the delivery
/// they wait for, and every one of them would stall until its timeout. With their own, the bus goes on
/// whatever the requests hold.
/// </summary>
public sealed class BusConnections(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    /// <summary>Beside one per worker: the listening connection, and two for the read-your-writes checks and upkeep.</summary>
    public const int BesideWorkers = 3;

    public static int PoolSize(int workers) => workers + BesideWorkers;

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct) => dataSource.OpenConnectionAsync(ct);

    /// <summary>The most connections the bus holds.</summary>
    public int MaxPoolSize => new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
