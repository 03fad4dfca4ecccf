namespace Crm.Bench.EventLag;

/// <summary>
/// A bus as the event-lag benchmark drives it: ours (Crm.Bench), or an alternative the ADR weighs
/// (build/bench/Alternatives/). Every implementation wires the same work, so the figures compare:
/// <list type="bullet">
/// <item><b>OrderPlaced</b> has three subscribers. Each, in the bus's handler transaction (with the
/// bus's own exactly-once bookkeeping where it has one), inserts one row into its own table with
/// <see cref="BenchTables.RecordOrderSql"/>: <c>bench.ledger</c>, <c>bench.notices</c>,
/// <c>bench.audit</c>. That is the work of a typical handler here: a local copy of another module's fact.</item>
/// <item><b>DealMoved</b> has one subscriber, the board push: it inserts into <c>bench.board_moves</c>
/// with <see cref="BenchTables.RecordMoveSql"/> and, once that transaction has committed, calls
/// <see cref="BoardPushes.Pushed"/>, the moment the app would send the SignalR message.</item>
/// </list>
/// A publish is one command as the app runs one: one transaction that inserts the command's own
/// row (<see cref="BenchTables.InsertOrderSql"/> / <see cref="BenchTables.InsertMoveSql"/>) and
/// records the event in the bus's outbox, committed together; the call returns once it has committed.
/// </summary>
public interface IBusUnderTest : IAsyncDisposable
{
    /// <summary>Short name for the results ("crm-bus", "wolverine", "cap").</summary>
    string Name { get; }

    /// <summary>The library and its settings, one line, for the report.</summary>
    string Description { get; }

    /// <summary>
    /// Starts the bus on <paramref name="connectionString"/> (a fresh database where
    /// <see cref="BenchTables.CreateSql"/> has run): its own storage, the four subscribers, its workers.
    /// </summary>
    Task StartAsync(string connectionString, BoardPushes pushes, CancellationToken ct);

    /// <summary>One command: insert the order, publish OrderPlaced, commit.</summary>
    Task PublishOrderPlacedAsync(Guid orderId, string phase, CancellationToken ct);

    /// <summary>One command: insert the move, publish DealMoved, commit.</summary>
    Task PublishDealMovedAsync(Guid moveId, string phase, CancellationToken ct);

    /// <summary>Deliveries the bus gave up on or could not run (dead letters, failed rows); 0 when healthy.</summary>
    Task<long> FailuresAsync(CancellationToken ct);

    /// <summary>Stops the workers; the database is dropped after this.</summary>
    Task StopAsync(CancellationToken ct);
}
