using Crm.Bench.EventLag;
using Dapper;
using DotNetCore.CAP;
using Npgsql;

namespace Crm.Bench.Cap;

/// <summary>An order was placed (its row is in bench.orders): three subscribers copy the fact.</summary>
internal sealed record BenchOrderPlaced(Guid OrderId, string Phase);

/// <summary>A deal was moved on the board (its row is in bench.moves): one subscriber pushes it to the watchers.</summary>
internal sealed record BenchDealMoved(Guid MoveId, string Phase);

/// <summary>
/// CAP's names for the benchmark's events and subscribers. A message name is a topic; each
/// subscriber is its own consumer group, so each gets every message and retries on its own
/// (CAP appends its <see cref="CapOptions.Version"/>: the group <c>bench.ledger</c> is
/// <c>bench.ledger.v1</c> in its tables).
/// </summary>
internal static class CapNames
{
    public const string OrderPlaced = "bench.order-placed";
    public const string DealMoved = "bench.deal-moved";

    public const string Ledger = "bench.ledger";
    public const string Notices = "bench.notices";
    public const string Audit = "bench.audit";
    public const string Board = "bench.board";

    public static readonly IReadOnlyList<string> Groups = [Ledger, Notices, Audit, Board];
}

/// <summary>
/// The work <see cref="IBusUnderTest"/> describes, as a CAP subscriber does it: CAP offers no
/// transaction to join on the receiving side, so the handler writes through its own connection
/// (one statement: its own transaction, committed when the call returns). CAP records the
/// message as received before the call and as succeeded after it, each in a transaction of its
/// own: a crash between the handler's commit and that update runs the handler again (at least once).
/// </summary>
internal abstract class RecordOrder(NpgsqlDataSource db, string table)
{
    private readonly string sql = BenchTables.RecordOrderSql(table);

    protected async Task RecordAsync(BenchOrderPlaced placed, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { placed.OrderId, placed.Phase }, cancellationToken: ct));
    }
}

internal sealed class RecordInLedger(NpgsqlDataSource db) : RecordOrder(db, "bench.ledger"), ICapSubscribe
{
    [CapSubscribe(CapNames.OrderPlaced, Group = CapNames.Ledger)]
    public Task Handle(BenchOrderPlaced placed, CancellationToken ct) => RecordAsync(placed, ct);
}

internal sealed class NotifySalesRep(NpgsqlDataSource db) : RecordOrder(db, "bench.notices"), ICapSubscribe
{
    [CapSubscribe(CapNames.OrderPlaced, Group = CapNames.Notices)]
    public Task Handle(BenchOrderPlaced placed, CancellationToken ct) => RecordAsync(placed, ct);
}

internal sealed class WriteAuditTrail(NpgsqlDataSource db) : RecordOrder(db, "bench.audit"), ICapSubscribe
{
    [CapSubscribe(CapNames.OrderPlaced, Group = CapNames.Audit)]
    public Task Handle(BenchOrderPlaced placed, CancellationToken ct) => RecordAsync(placed, ct);
}

/// <summary>The board push: its insert has committed when the statement returns, then it sends (as NotifyBoardWatchers does after commit).</summary>
internal sealed class PushToBoard(NpgsqlDataSource db, BoardPushes pushes) : ICapSubscribe
{
    [CapSubscribe(CapNames.DealMoved, Group = CapNames.Board)]
    public async Task Handle(BenchDealMoved moved, CancellationToken ct)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await conn.ExecuteAsync(new CommandDefinition(BenchTables.RecordMoveSql, new { moved.MoveId, moved.Phase }, cancellationToken: ct));
        }
        pushes.Pushed(moved.MoveId);
    }
}
