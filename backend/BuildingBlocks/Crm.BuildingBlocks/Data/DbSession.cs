using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// The request's one connection (and, for a command, its one transaction). Slices run plain SQL
/// through Dapper on <see cref="ConnectionAsync"/>; Npgsql enlists commands in the open transaction.
/// An event handler's session is joined to the bus's transaction, which the bus commits.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;
    private bool joined;
    private readonly List<Guid> publishedEventIds = [];
    private readonly List<Func<ValueTask>> afterCommit = [];

    public bool InTransaction => transaction is not null;

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction has committed (nothing when it rolls back):
    /// the place for what must not happen for a change that did not (a push to the browsers, a message
    /// to another system). A failure there is logged by whoever commits, and does not undo the commit.
    /// </summary>
    public void AfterCommit(Func<ValueTask> action)
    {
        if (transaction is null)
        {
            throw new InvalidOperationException("AfterCommit needs an open transaction.");
        }
        afterCommit.Add(action);
    }

    /// <summary>Takes the actions registered with <see cref="AfterCommit"/> (the committer runs them).</summary>
    public IReadOnlyList<Func<ValueTask>> TakeAfterCommit()
    {
        var actions = afterCommit.ToArray();
        afterCommit.Clear();
        return actions;
    }

    /// <summary>Makes this session use a connection and transaction that the caller (the bus) owns and commits.</summary>
    internal void Join(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        if (connection is not null)
        {
            throw new InvalidOperationException("This session already has a connection.");
        }
        connection = conn;
        transaction = tx;
        joined = true;
    }

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
        ThrowIfJoined();
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
        ThrowIfJoined();
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
        ThrowIfJoined();
        afterCommit.Clear();
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

    private void ThrowIfJoined()
    {
        if (joined)
        {
            throw new InvalidOperationException("An event handler's transaction belongs to the bus.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (joined)
        {
            return;
        }
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
