using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// The request's one connection (and, for a command, its one transaction). Slices run plain SQL
/// through Dapper on <see cref="ConnectionAsync"/>; Npgsql enlists commands in the open transaction.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;
    private readonly List<Guid> publishedEventIds = [];

    public bool InTransaction => transaction is not null;

    public async ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken ct = default)
    {
        if (connection is null)
        {
            connection = await dataSource.OpenConnectionAsync(ct);
        }
        return connection;
    }

    public async ValueTask BeginAsync(CancellationToken ct = default)
    {
        if (transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open in this session.");
        }
        var conn = await ConnectionAsync(ct);
        transaction = await conn.BeginTransactionAsync(ct);
    }

    /// <summary>Commits and returns the ids of the events published in the transaction.</summary>
    public async ValueTask<IReadOnlyList<Guid>> CommitAsync(CancellationToken ct = default)
    {
        var tx = transaction ?? throw new InvalidOperationException("No transaction to commit.");
        await tx.CommitAsync(ct);
        await tx.DisposeAsync();
        transaction = null;
        var ids = publishedEventIds.ToArray();
        publishedEventIds.Clear();
        return ids;
    }

    public async ValueTask RollbackAsync(CancellationToken ct = default)
    {
        if (transaction is null)
        {
            return;
        }
        try
        {
            await transaction.RollbackAsync(ct);
        }
        finally
        {
            await transaction.DisposeAsync();
            transaction = null;
            publishedEventIds.Clear();
        }
    }

    internal void RecordPublished(Guid eventId) => publishedEventIds.Add(eventId);

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
