using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Bench.EventLag;
using Dapper;
using FluentMigrator;

namespace Crm.Bench;

/// <summary>An order was placed (its row is in bench.orders): three subscribers copy the fact.</summary>
public sealed record BenchOrderPlaced(Guid OrderId, string Phase) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(OrderId, 1);
}

/// <summary>A deal was moved on the board (its row is in bench.moves): one subscriber pushes it to the watchers.</summary>
public sealed record BenchDealMoved(Guid MoveId, string Phase) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(MoveId, 1);
}

/// <summary>
/// A made-up module that drives the real bus with the work <see cref="IBusUnderTest"/> describes:
/// each subscriber takes the scope's session and inserts one row in its own table, the board push
/// also sends after its commit as NotifyBoardWatchers does.
/// </summary>
internal sealed class BenchModule : IModule
{
    public string Name => "Bench";

    public string Schema => "bench";

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .On<BenchOrderPlaced, RecordInLedger>()
        .On<BenchOrderPlaced, NotifySalesRep>()
        .On<BenchOrderPlaced, WriteAuditTrail>()
        .On<BenchDealMoved, PushToBoard>();
}

/// <summary>The bench tables are made by the benchmark (BenchTables.CreateSql); the module has nothing to migrate.</summary>
[Migration(1, "Bench module: tables made by the benchmark")]
internal sealed class M0001_Nothing : Migration
{
    public override void Up()
    {
    }

    public override void Down()
    {
    }
}

internal abstract class RecordOrder(DbSession db, string table) : IIntegrationEventHandler<BenchOrderPlaced>
{
    private readonly string sql = BenchTables.RecordOrderSql(table);

    public async ValueTask Handle(BenchOrderPlaced integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { integrationEvent.OrderId, integrationEvent.Phase }, cancellationToken: ct));
    }
}

internal sealed class RecordInLedger(DbSession db) : RecordOrder(db, "bench.ledger");

internal sealed class NotifySalesRep(DbSession db) : RecordOrder(db, "bench.notices");

internal sealed class WriteAuditTrail(DbSession db) : RecordOrder(db, "bench.audit");

internal sealed class PushToBoard(DbSession db, BoardPushes pushes) : IIntegrationEventHandler<BenchDealMoved>
{
    public async ValueTask Handle(BenchDealMoved integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(BenchTables.RecordMoveSql, new { integrationEvent.MoveId, integrationEvent.Phase }, cancellationToken: ct));
        db.AfterCommit(() =>
        {
            pushes.Pushed(integrationEvent.MoveId);
            return ValueTask.CompletedTask;
        });
    }
}
