using Dapper;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// Scheduled work that must run on one instance at a time across every instance on the database
/// (cleanup jobs): a PostgreSQL session advisory lock, held on its own connection until disposed,
/// and released by the server if the instance dies.
/// </summary>
public sealed class ClusterLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly long key;

    private ClusterLock(NpgsqlConnection connection, long key)
    {
        this.connection = connection;
        this.key = key;
    }

    /// <summary>Takes the lock named <paramref name="name"/>, or returns null when another instance holds it.</summary>
    public static async Task<ClusterLock?> TryTakeAsync(NpgsqlDataSource dataSource, string name, CancellationToken ct)
    {
        var key = KeyOf(name);
        var conn = await dataSource.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(@key)", new { key }, cancellationToken: ct)))
        {
            return new ClusterLock(conn, key);
        }
        await conn.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key });
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    // A stable 64-bit key from the name (FNV-1a), the same on every instance and every run.
    private static long KeyOf(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
