using System.Collections.Concurrent;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Dapper;
using FluentMigrator;

namespace Crm.Tests.Integration.Bus;

/// <summary>An event of a made-up module, to drive the real bus in isolation.</summary>
public sealed record ParcelShipped(Guid ParcelId) : IntegrationEvent;

/// <summary>A module with three subscribers of ParcelShipped; each writes what it saw to bustest.effects.</summary>
internal sealed class BusTestModule : IModule
{
    public string Name => "BusTest";

    public string Schema => "bustest";

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .On<ParcelShipped, RecordInLedger>()
        .On<ParcelShipped, NotifyCustomer>()
        .On<ParcelShipped, FlakyHandler>();
}

[Migration(1)]
internal sealed class CreateEffects : Migration
{
    // No unique key on purpose: a handler that ran twice would leave two rows.
    public override void Up() => Execute.Sql("create table bustest.effects (event_id uuid not null, handler text not null, at timestamptz not null default now());");

    public override void Down() => Execute.Sql("drop table bustest.effects;");
}

internal abstract class EffectWriter(DbSession db)
{
    protected async ValueTask WriteAsync(ParcelShipped e, string handler, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync("insert into bustest.effects (event_id, handler) values (@Id, @handler)", new { e.Id, handler });
    }
}

internal sealed class RecordInLedger(DbSession db) : EffectWriter(db), IIntegrationEventHandler<ParcelShipped>
{
    public ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct) => WriteAsync(integrationEvent, nameof(RecordInLedger), ct);
}

internal sealed class NotifyCustomer(DbSession db) : EffectWriter(db), IIntegrationEventHandler<ParcelShipped>
{
    public ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct) => WriteAsync(integrationEvent, nameof(NotifyCustomer), ct);
}

/// <summary>Fails as often as a test tells it to for a parcel (-1: always), after writing its effect, which must roll back.</summary>
internal sealed class FlakyHandler(DbSession db) : EffectWriter(db), IIntegrationEventHandler<ParcelShipped>
{
    public static readonly ConcurrentDictionary<Guid, int> FailuresLeft = new();

    public async ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct)
    {
        await WriteAsync(integrationEvent, nameof(FlakyHandler), ct);
        if (FailuresLeft.TryGetValue(integrationEvent.ParcelId, out var left) && left != 0)
        {
            FailuresLeft[integrationEvent.ParcelId] = left - 1;
            throw new InvalidOperationException($"Flaky failure for parcel {integrationEvent.ParcelId}");
        }
    }
}
