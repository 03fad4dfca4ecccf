using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Dapper;
using FluentMigrator;

namespace Crm.Bench;

/// <summary>The one event of the bench module: a command placed an order (its row is in bench.orders).</summary>
public sealed record BenchOrderPlaced(Guid OrderId, string Phase) : IntegrationEvent;

/// <summary>
/// A made-up module that drives the real bus: one event, two subscribers that each do what a real
/// handler does (open the scope's session and insert a row in the module's own table).
/// </summary>
internal sealed class BenchModule : IModule
{
    public const string SchemaName = "bench";

    public string Name => "Bench";

    public string Schema => SchemaName;

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .On<BenchOrderPlaced, RecordInLedger>()
        .On<BenchOrderPlaced, NotifySalesRep>();

    /// <summary>The handler names as the bus writes them into bus.inbox ("Module.HandlerType").</summary>
    public static readonly IReadOnlyList<(string Handler, string Table)> Handlers =
    [
        ("Bench." + nameof(RecordInLedger), "bench.ledger"),
        ("Bench." + nameof(NotifySalesRep), "bench.notices"),
    ];
}

[Migration(1, "Bench module: orders and the two subscribers' tables")]
internal sealed class M0001_CreateBench : Migration
{
    // handled_at is written by the handler itself with clock_timestamp() (the moment its work ran),
    // not with a default of now(), which is frozen at the start of the handler's transaction.
    public override void Up() => Execute.Sql("""
        create table bench.orders (
            id uuid primary key,
            phase text not null,
            created_at timestamptz not null default now()
        );
        create table bench.ledger (
            event_id uuid primary key,
            order_id uuid not null,
            phase text not null,
            handled_at timestamptz not null
        );
        create index ix_ledger_phase on bench.ledger (phase);
        create table bench.notices (
            event_id uuid primary key,
            order_id uuid not null,
            phase text not null,
            body text not null,
            handled_at timestamptz not null
        );
        create index ix_notices_phase on bench.notices (phase);
        """);

    public override void Down() => Execute.Sql("drop table bench.notices; drop table bench.ledger; drop table bench.orders;");
}

internal sealed class RecordInLedger(DbSession db) : IIntegrationEventHandler<BenchOrderPlaced>
{
    public async ValueTask Handle(BenchOrderPlaced integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into bench.ledger (event_id, order_id, phase, handled_at) values (@Id, @OrderId, @Phase, clock_timestamp())",
            new { integrationEvent.Id, integrationEvent.OrderId, integrationEvent.Phase },
            cancellationToken: ct));
    }
}

internal sealed class NotifySalesRep(DbSession db) : IIntegrationEventHandler<BenchOrderPlaced>
{
    public async ValueTask Handle(BenchOrderPlaced integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into bench.notices (event_id, order_id, phase, body, handled_at) values (@Id, @OrderId, @Phase, @Body, clock_timestamp())",
            new { integrationEvent.Id, integrationEvent.OrderId, integrationEvent.Phase, Body = $"Order {integrationEvent.OrderId} placed" },
            cancellationToken: ct));
    }
}
