using System.Collections.Concurrent;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Dapper;
using FluentMigrator;

namespace Crm.Tests.Integration.Bus;

/// <summary>An event of a made-up module, to drive the real bus in isolation: step N of a parcel's journey.</summary>
public sealed record ParcelShipped(Guid ParcelId, int Step = 1) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(ParcelId, Step);
}

/// <summary>A module with five subscribers of ParcelShipped; each writes what it saw to bustest.effects.</summary>
internal sealed class BusTestModule : IModule
{
    public string Name => "BusTest";

    public string Schema => "bustest";

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .On<ParcelShipped, RecordInLedger>()
        .On<ParcelShipped, NotifyCustomer>()
        .On<ParcelShipped, FlakyHandler>()
        .On<ParcelShipped, SlowHandler>()
        .On<ParcelShipped, TallyParcels>();

    /// <summary>How many subscribers each ParcelShipped has.</summary>
    public const int Subscribers = 5;
}

[Migration(1)]
internal sealed class CreateEffects : Migration
{
    // No unique key on purpose: a handler that ran twice would leave two rows. seq: the order of writing.
    public override void Up() => Execute.Sql("""
        create table bustest.effects (
            seq bigint generated always as identity, event_id uuid not null, parcel_id uuid not null, step int not null,
            handler text not null, at timestamptz not null default clock_timestamp());
        """);

    public override void Down() => Execute.Sql("drop table bustest.effects;");
}

[Migration(2)]
internal sealed class CreateTally : Migration
{
    public override void Up() => Execute.Sql("create table bustest.tally (id int primary key, parcels int not null); insert into bustest.tally values (1, 0);");

    public override void Down() => Execute.Sql("drop table bustest.tally;");
}

internal abstract class EffectWriter(DbSession db)
{
    protected DbSession Session => db;

    protected async ValueTask WriteAsync(ParcelShipped e, string handler, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into bustest.effects (event_id, parcel_id, step, handler) values (@Id, @ParcelId, @Step, @handler)",
            new { e.Id, e.ParcelId, e.Step, handler }, cancellationToken: ct));
    }
}

internal sealed class RecordInLedger(DbSession db) : EffectWriter(db), IIntegrationEventHandler<ParcelShipped>
{
    public ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct) => WriteAsync(integrationEvent, nameof(RecordInLedger), ct);
}

/// <summary>Writes its effect, and pushes to "the customer" only after the commit (counted per event).</summary>
internal sealed class NotifyCustomer(DbSession session) : EffectWriter(session), IIntegrationEventHandler<ParcelShipped>
{
    public static readonly ConcurrentDictionary<Guid, int> Pushes = new();

    public async ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct)
    {
        await WriteAsync(integrationEvent, nameof(NotifyCustomer), ct);
        Session.AfterCommit(() =>
        {
            Pushes.AddOrUpdate(integrationEvent.Id, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        });
    }
}

/// <summary>Fails as often as a test tells it to for a parcel's step (-1: always), after writing its effect, which must roll back.</summary>
internal sealed class FlakyHandler(DbSession db) : EffectWriter(db), IIntegrationEventHandler<ParcelShipped>
{
    public static readonly ConcurrentDictionary<(Guid Parcel, int Step), int> FailuresLeft = new();

    public async ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct)
    {
        await WriteAsync(integrationEvent, nameof(FlakyHandler), ct);
        var key = (integrationEvent.ParcelId, integrationEvent.Step);
        if (FailuresLeft.TryGetValue(key, out var left) && left != 0)
        {
            FailuresLeft[key] = left - 1;
            throw new InvalidOperationException($"Flaky failure for parcel {integrationEvent.ParcelId} step {integrationEvent.Step}");
        }
    }
}

/// <summary>Waits, for the parcels a test holds, until the test lets it go: a handler stuck on slow work.</summary>
internal sealed class SlowHandler(DbSession db) : EffectWriter(db), IIntegrationEventHandler<ParcelShipped>
{
    public static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Held = new();

    public async ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct)
    {
        if (Held.TryGetValue(integrationEvent.ParcelId, out var gate))
        {
            await gate.Task.WaitAsync(ct);
        }
        await WriteAsync(integrationEvent, nameof(SlowHandler), ct);
    }
}

/// <summary>
/// Keeps one count shared by every parcel (as a stage's deal count is shared by its deals), so its
/// batches run one at a time across instances; it waits, for the parcels a test holds, until let go.
/// </summary>
[OneBatchAtATime]
internal sealed class TallyParcels(DbSession db) : EffectWriter(db), IIntegrationEventHandler<ParcelShipped>
{
    public static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Held = new();

    /// <summary>Completed when a held parcel's delivery has reached the gate.</summary>
    public static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Reached = new();

    public async ValueTask Handle(ParcelShipped integrationEvent, CancellationToken ct)
    {
        await WriteAsync(integrationEvent, nameof(TallyParcels), ct);
        var conn = await Session.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("update bustest.tally set parcels = parcels + 1 where id = 1", cancellationToken: ct));
        if (Held.TryGetValue(integrationEvent.ParcelId, out var gate))
        {
            Reached.GetOrAdd(integrationEvent.ParcelId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            await gate.Task.WaitAsync(ct);
        }
    }
}
