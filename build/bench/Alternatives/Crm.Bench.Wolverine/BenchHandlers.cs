using Crm.Bench.EventLag;
using Dapper;
using Npgsql;
using Wolverine;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace Crm.Bench.Wolverine;

// Wolverine compiles a wrapper for every handler into an assembly of its own at start-up, so the
// messages and handlers it sees are public (Crm.Bench's are internal).

/// <summary>An order was placed (its row is in bench.orders): three subscribers copy the fact.</summary>
public sealed record BenchOrderPlaced(Guid OrderId, string Phase);

/// <summary>A deal was moved on the board (its row is in bench.moves): one subscriber pushes it to the watchers.</summary>
public sealed record BenchDealMoved(Guid MoveId, string Phase);

/// <summary>
/// The handler's transaction as Wolverine's EF Core transactional middleware makes one, by hand:
/// Wolverine 6.64 has transactional middleware for EF Core, Marten, Polecat and Fisher only, none for
/// a plain Npgsql connection (Dapper). So the subscriber opens a connection on the data source
/// Wolverine persists to, does its insert, and marks its inbox row handled in the same transaction
/// with <see cref="IMessageDatabase.MarkIncomingEnvelopeAsHandledInTransactionAsync"/>, the public
/// call that middleware makes. A crash before the commit leaves the row Incoming (recovered, run
/// again, nothing was written); after it, the row is Handled and nothing runs twice. Wolverine's
/// receiver marks the row handled once more after the handler returns (its own batch, harmless).
/// </summary>
public sealed class HandlerTransaction(NpgsqlDataSource dataSource, IWolverineRuntime runtime)
{
    public async Task RunAsync(Envelope envelope, string sql, object parameters, CancellationToken ct)
    {
        var database = (IMessageDatabase)runtime.Storage;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
        var keepUntil = DateTimeOffset.UtcNow + runtime.Options.Durability.KeepAfterMessageHandling;
        await database.MarkIncomingEnvelopeAsHandledInTransactionAsync(conn, tx, envelope, keepUntil, ct);
        await tx.CommitAsync(ct);
    }
}

/// <summary>First subscriber of OrderPlaced: its own local queue under MultipleHandlerBehavior.Separated.</summary>
public sealed class RecordInLedgerHandler(HandlerTransaction transaction)
{
    private static readonly string Sql = BenchTables.RecordOrderSql("bench.ledger");

    public Task Handle(BenchOrderPlaced message, Envelope envelope, CancellationToken ct) =>
        transaction.RunAsync(envelope, Sql, new { message.OrderId, message.Phase }, ct);
}

/// <summary>Second subscriber of OrderPlaced.</summary>
public sealed class NotifySalesRepHandler(HandlerTransaction transaction)
{
    private static readonly string Sql = BenchTables.RecordOrderSql("bench.notices");

    public Task Handle(BenchOrderPlaced message, Envelope envelope, CancellationToken ct) =>
        transaction.RunAsync(envelope, Sql, new { message.OrderId, message.Phase }, ct);
}

/// <summary>Third subscriber of OrderPlaced.</summary>
public sealed class WriteAuditTrailHandler(HandlerTransaction transaction)
{
    private static readonly string Sql = BenchTables.RecordOrderSql("bench.audit");

    public Task Handle(BenchOrderPlaced message, Envelope envelope, CancellationToken ct) =>
        transaction.RunAsync(envelope, Sql, new { message.OrderId, message.Phase }, ct);
}

/// <summary>The board push: records the move and, once that has committed, sends (as NotifyBoardWatchers does).</summary>
public sealed class PushToBoardHandler(HandlerTransaction transaction, BoardPushes pushes)
{
    public async Task Handle(BenchDealMoved message, Envelope envelope, CancellationToken ct)
    {
        await transaction.RunAsync(envelope, BenchTables.RecordMoveSql, new { message.MoveId, message.Phase }, ct);
        pushes.Pushed(message.MoveId);
    }
}
