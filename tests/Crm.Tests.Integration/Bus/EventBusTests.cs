using Crm.BuildingBlocks.Events;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Tests.Integration.Bus;

/// <summary>
/// The bus against a real PostgreSQL: a delivery per subscriber, once each, nothing lost, one
/// aggregate's events in order, failures and poison isolated, other instances woken by NOTIFY.
/// </summary>
public sealed class EventBusTests : IAsyncLifetime
{
    private const string Ledger = "BusTest.RecordInLedger";
    private string database = "";

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await TestDatabase.MigrateAsync(TestDatabase.ConnectionStringFor(database), BusHost.Catalog);
    }

    public Task DisposeAsync() => TestDatabase.DropAsync(database);

    private async Task<NpgsqlConnection> Db() => await TestDatabase.OpenAsync(database);

    private async Task<int> EffectsAsync(Guid eventId, string handler)
    {
        await using var db = await Db();
        return await db.ExecuteScalarAsync<int>("select count(*) from bustest.effects where event_id = @eventId and handler = @handler", new { eventId, handler });
    }

    private async Task<bool> DeliveredAsync(params Guid[] eventIds)
    {
        await using var db = await Db();
        foreach (var id in eventIds)
        {
            if (!await BusState.DeliveredAsync(db, id))
            {
                return false;
            }
        }
        return true;
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var db = await Db();
        return await db.ExecuteScalarAsync<int>(sql);
    }

    private async Task<int> PendingAsync(Guid eventId)
    {
        await using var db = await Db();
        return await db.ExecuteScalarAsync<int>("select count(*) from bus.deliveries where event_id = @eventId", new { eventId });
    }

    [Fact]
    public async Task Each_subscriber_handles_an_event_once_even_when_it_is_delivered_again()
    {
        await using var host = await BusHost.StartAsync(database);
        var id = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        await Eventually.TrueAsync(() => DeliveredAsync(id), "event delivered");
        Assert.Equal(1, NotifyCustomer.Pushes[id]);

        await using (var db = await Db())
        {
            await BusState.DeliverAgainAsync(db, id, Ledger);
        }
        await Eventually.TrueAsync(() => DeliveredAsync(id), "the duplicate delivery taken");

        Assert.Equal(1, await EffectsAsync(id, nameof(RecordInLedger)));
        Assert.Equal(1, await EffectsAsync(id, nameof(NotifyCustomer)));
        Assert.Equal(1, await EffectsAsync(id, nameof(FlakyHandler)));
        Assert.Equal(1, await EffectsAsync(id, nameof(SlowHandler)));
        await using var conn = await Db();
        Assert.Equal(BusTestModule.Subscribers, await conn.ExecuteScalarAsync<int>("select count(*) from bus.inbox where event_id = @id", new { id }));
    }

    [Fact]
    public async Task An_event_committed_just_before_a_crash_is_delivered_after_restart()
    {
        Guid id;
        // An instance that publishes and dies before delivering anything: it never starts its workers.
        await using (var crashing = await BusHost.StartAsync(database, start: false))
        {
            id = await crashing.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        }
        Assert.Equal(BusTestModule.Subscribers, await PendingAsync(id));
        Assert.Equal(0, await EffectsAsync(id, nameof(RecordInLedger)));

        await using var restarted = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromHours(1));
        await Eventually.TrueAsync(() => DeliveredAsync(id), "event delivered after restart");
        Assert.Equal(1, await EffectsAsync(id, nameof(RecordInLedger)));
        Assert.Equal(1, await EffectsAsync(id, nameof(NotifyCustomer)));
    }

    /// <summary>
    /// Two events of one parcel committed while the lanes gather their wakes: a batch takes the first only (one
    /// aggregate's events in order), and each lane goes on to the second at once, not at its next poll (an hour).
    /// </summary>
    [Fact]
    public async Task A_lane_that_took_an_aggregates_first_event_goes_on_to_its_next_without_a_new_wake()
    {
        await using var host = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromHours(1), gatherQuiet: TimeSpan.FromSeconds(1));
        var parcel = Guid.NewGuid();
        var first = await host.PublishAsync(new ParcelShipped(parcel, 1));
        var second = await host.PublishAsync(new ParcelShipped(parcel, 2));

        await Eventually.TrueAsync(() => DeliveredAsync(first, second), "both delivered, without the poll", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Another_instance_is_woken_by_the_commit_not_by_its_poll()
    {
        // The deliverer polls once at start, then not for an hour: only a NOTIFY can bring it the second event.
        await using var deliverer = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromHours(1));
        await using var publisher = await BusHost.StartAsync(database, start: false);
        var first = await publisher.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        await Eventually.TrueAsync(() => DeliveredAsync(first), "the deliverer is up");

        var second = await publisher.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        await Eventually.TrueAsync(() => DeliveredAsync(second), "delivered on the other instance's commit", TimeSpan.FromSeconds(10));
        Assert.Equal(1, await EffectsAsync(second, nameof(RecordInLedger)));
    }

    [Fact]
    public async Task A_delivery_held_by_an_instance_that_died_is_delivered_when_its_connection_goes()
    {
        await using var publisher = await BusHost.StartAsync(database, start: false);
        var held = await publisher.PublishAsync(new ParcelShipped(Guid.NewGuid()));

        // "Another instance" has claimed the ledger's delivery: its transaction holds the row lock.
        var dying = await Db();
        var tx = await dying.BeginTransactionAsync();
        Assert.Equal(1, await dying.ExecuteScalarAsync<int>(
            "select 1 from bus.deliveries where event_id = @held and handler = @Ledger for update", new { held, Ledger }, tx));

        await using var host = await BusHost.StartAsync(database);
        var sentinel = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        await Eventually.TrueAsync(async () => await EffectsAsync(sentinel, nameof(RecordInLedger)) == 1, "the ledger lane moved past the held delivery");
        await Eventually.TrueAsync(async () => await EffectsAsync(held, nameof(NotifyCustomer)) == 1, "the other handlers took the held event");
        Assert.Equal(0, await EffectsAsync(held, nameof(RecordInLedger)));

        await dying.DisposeAsync(); // the instance dies: its transaction and claim end with its connection
        await Eventually.TrueAsync(() => DeliveredAsync(held), "delivered after the claim went");
        Assert.Equal(1, await EffectsAsync(held, nameof(RecordInLedger)));
    }

    [Fact]
    public async Task A_failing_handler_does_not_block_the_others_and_is_retried_until_it_succeeds()
    {
        await using var host = await BusHost.StartAsync(database);
        var parcel = Guid.NewGuid();
        FlakyHandler.FailuresLeft[(parcel, 1)] = 2;
        var id = await host.PublishAsync(new ParcelShipped(parcel));

        await Eventually.TrueAsync(
            async () => await EffectsAsync(id, nameof(RecordInLedger)) == 1 && await EffectsAsync(id, nameof(NotifyCustomer)) == 1,
            "the healthy handlers ran");
        await Eventually.TrueAsync(() => DeliveredAsync(id), "the flaky handler eventually succeeded");
        Assert.Equal(1, await EffectsAsync(id, nameof(FlakyHandler))); // its failed attempts were rolled back
        await using var conn = await Db();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("select count(*) from bus.failures where event_id = @id", new { id }));
        Assert.True(await BusState.HandledAsync(conn, id, "BusTest.FlakyHandler"));
    }

    [Fact]
    public async Task A_delivery_failing_in_a_batch_rolls_back_alone_and_the_rest_of_the_batch_is_handled_once()
    {
        // Not started: nothing delivers until the test takes the flaky lane's one batch itself.
        await using var host = await BusHost.StartAsync(database, start: false);
        ParcelShipped[] parcels = [new(Guid.NewGuid()), new(Guid.NewGuid()), new(Guid.NewGuid())];
        FlakyHandler.FailuresLeft[(parcels[1].ParcelId, 1)] = 2; // fails when the batch runs together, and alone
        var ids = await host.PublishAsync(parcels);

        // It delivered, so the lane may have more (its batch took one event of each parcel at most).
        Assert.True(await host.Delivery.DeliverBatchAsync("BusTest.FlakyHandler", CancellationToken.None));

        Assert.Equal(1, await EffectsAsync(ids[0], nameof(FlakyHandler)));
        Assert.Equal(0, await EffectsAsync(ids[1], nameof(FlakyHandler)));
        Assert.Equal(1, await EffectsAsync(ids[2], nameof(FlakyHandler)));
        await using var conn = await Db();
        Assert.True(await BusState.HandledAsync(conn, ids[0], "BusTest.FlakyHandler"));
        Assert.True(await BusState.HandledAsync(conn, ids[2], "BusTest.FlakyHandler"));
        Assert.Equal((1, false), await conn.QuerySingleAsync<(int, bool)>(
            "select attempts, dead from bus.failures where event_id = @id and handler = 'BusTest.FlakyHandler'", new { id = ids[1] }));
    }

    [Fact]
    public async Task A_handler_that_keeps_failing_is_left_dead_visible_and_retried_by_an_admin()
    {
        await using var host = await BusHost.StartAsync(database, maxAttempts: 3);
        var parcel = Guid.NewGuid();
        FlakyHandler.FailuresLeft[(parcel, 1)] = -1;
        var id = await host.PublishAsync(new ParcelShipped(parcel));

        await Eventually.TrueAsync(() => DeliveredAsync(id), "delivery finished");
        await using var db = await Db();
        var failure = await db.QuerySingleAsync<(int Attempts, bool Dead, string Handler, string Error)>(
            "select attempts, dead, handler, last_error from bus.failures where event_id = @id", new { id });
        Assert.Equal((3, true, "BusTest.FlakyHandler"), (failure.Attempts, failure.Dead, failure.Handler));
        Assert.Contains("Flaky failure", failure.Error);
        Assert.Equal(0, await EffectsAsync(id, nameof(FlakyHandler)));
        Assert.Equal(1, await EffectsAsync(id, nameof(NotifyCustomer)));

        FlakyHandler.FailuresLeft[(parcel, 1)] = 0;
        Assert.Equal(DeadDeliveries.Outcome.Done, await host.Services.GetRequiredService<DeadDeliveries>().RetryAsync(id, "BusTest.FlakyHandler", CancellationToken.None));
        await Eventually.TrueAsync(async () => await EffectsAsync(id, nameof(FlakyHandler)) == 1, "the retried delivery handled");
        await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<int>("select count(*) from bus.failures where event_id = @id", new { id }) == 0,
            "no failure left");
    }

    [Fact]
    public async Task Poison_and_unknown_events_are_recorded_dead_at_once_and_block_nothing()
    {
        await using var host = await BusHost.StartAsync(database);
        var parcel = Guid.NewGuid();
        await using var db = await Db();
        var poison = Guid.NewGuid();
        var renamed = Guid.NewGuid();
        await db.ExecuteAsync(
            """
            insert into bus.outbox (id, event_type, payload, occurred_at, aggregate_id, aggregate_version) values
                (@poison, 'Crm.Tests.Integration.Bus.ParcelShipped', '{"parcelId": "not a guid", "step": 1}', now(), @parcel, 1),
                (@renamed, 'Crm.Tests.Integration.Bus.ParcelLost', '{"parcelId": "00000000-0000-0000-0000-000000000001"}', now(), @parcel, 2);
            insert into bus.deliveries (event_id, handler, event_type, aggregate_id) values
                (@poison, 'BusTest.RecordInLedger', 'Crm.Tests.Integration.Bus.ParcelShipped', @parcel),
                (@renamed, 'BusTest.RecordInLedger', 'Crm.Tests.Integration.Bus.ParcelLost', @parcel);
            select pg_notify('crm_bus', 'BusTest.RecordInLedger');
            """,
            new { poison, renamed, parcel });
        var next = await host.PublishAsync(new ParcelShipped(parcel, 3));

        await Eventually.TrueAsync(async () => await EffectsAsync(next, nameof(RecordInLedger)) == 1, "the parcel's next event delivered");
        var failures = (await db.QueryAsync<(Guid EventId, int Attempts, bool Dead, string Error)>(
            "select event_id, attempts, dead, last_error from bus.failures where handler = 'BusTest.RecordInLedger' order by last_failed_at")).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal((1, true), (f.Attempts, f.Dead)));
        Assert.Contains(failures, f => f.EventId == poison && f.Error.Contains("does not read as ParcelShipped", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EventId == renamed && f.Error.Contains("does not take Crm.Tests.Integration.Bus.ParcelLost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliveries_to_a_handler_no_build_has_are_left_dead_after_the_grace_and_can_be_discarded_not_retried()
    {
        // Deliveries a build with BusTest.RemovedHandler wrote: one long ago, one a moment ago (its
        // instance may still be running during a rolling deploy, so that one must wait).
        await using var db = await Db();
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await db.ExecuteAsync(
            """
            insert into bus.outbox (id, event_type, payload, occurred_at, aggregate_id, aggregate_version, created_at) values
                (@old, 'Crm.Tests.Integration.Bus.ParcelShipped', '{}', now(), @old, 1, now() - interval '1 hour'),
                (@recent, 'Crm.Tests.Integration.Bus.ParcelShipped', '{}', now(), @recent, 1, now());
            insert into bus.deliveries (event_id, handler, event_type, aggregate_id) values
                (@old, 'BusTest.RemovedHandler', 'Crm.Tests.Integration.Bus.ParcelShipped', @old),
                (@recent, 'BusTest.RemovedHandler', 'Crm.Tests.Integration.Bus.ParcelShipped', @recent);
            """,
            new { old, recent });

        await using var host = await BusHost.StartAsync(database); // its first poll looks at once
        var deliveries = host.Services.GetRequiredService<DeadDeliveries>();
        await Eventually.TrueAsync(
            async () => (await deliveries.ListAsync(deadOnly: true, 500, CancellationToken.None)).Any(f => f.EventId == old),
            "the old delivery is listed dead");

        var listed = (await deliveries.ListAsync(deadOnly: false, 500, CancellationToken.None)).Single(f => f.EventId == old);
        Assert.False(listed.HandlerKnown);
        Assert.Contains("No handler BusTest.RemovedHandler in the running build", listed.LastError, StringComparison.Ordinal);
        // The same statement judged the recent one: still pending, not listed.
        Assert.Equal((0, false), await db.QuerySingleAsync<(int, bool)>(
            "select attempts, dead from bus.deliveries where event_id = @recent", new { recent }));

        Assert.Equal(DeadDeliveries.Outcome.HandlerUnknown, await deliveries.RetryAsync(old, "BusTest.RemovedHandler", CancellationToken.None));
        Assert.Equal(DeadDeliveries.Outcome.Done, await deliveries.DiscardAsync(old, "BusTest.RemovedHandler", CancellationToken.None));
        Assert.Equal(DeadDeliveries.Outcome.NotDead, await deliveries.DiscardAsync(old, "BusTest.RemovedHandler", CancellationToken.None));
        Assert.Equal(DeadDeliveries.Outcome.NotDead, await deliveries.DiscardAsync(recent, "BusTest.RemovedHandler", CancellationToken.None));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from bus.deliveries where event_id = @old", new { old }));
    }

    [Fact]
    public async Task A_handler_sees_one_aggregates_events_in_commit_order_even_when_one_is_retried()
    {
        await using var host = await BusHost.StartAsync(database);
        var parcel = Guid.NewGuid();
        FlakyHandler.FailuresLeft[(parcel, 1)] = 2;
        for (var step = 1; step <= 5; step++)
        {
            await host.PublishAsync(new ParcelShipped(parcel, step));
        }
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await Db();
            return await db.ExecuteScalarAsync<int>("select count(*) from bus.deliveries where aggregate_id = @parcel", new { parcel }) == 0;
        }, "every step delivered");
        await using var conn = await Db();
        var steps = (await conn.QueryAsync<int>(
            "select step from bustest.effects where parcel_id = @parcel and handler = 'FlakyHandler' order by seq", new { parcel })).ToList();
        Assert.Equal([1, 2, 3, 4, 5], steps);
    }

    [Fact]
    public async Task A_lane_of_one_batch_at_a_time_waits_for_another_instances_batch()
    {
        const string tally = "BusTest.TallyParcels";
        // Two instances that deliver only when told, so the test decides who takes what.
        await using var first = await BusHost.StartAsync(database, start: false);
        await using var second = await BusHost.StartAsync(database, start: false);
        var held = Guid.NewGuid();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TallyParcels.Held[held] = gate;
        try
        {
            var heldId = await first.PublishAsync(new ParcelShipped(held));
            // The first instance's batch has the held parcel, and stays open inside the handler.
            var reached = TallyParcels.Reached.GetOrAdd(held, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var firstBatch = first.Delivery.DeliverBatchAsync(tally, CancellationToken.None);
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
            // Another parcel now: without the lane's lock the second instance would claim and count it at once.
            var otherId = await second.PublishAsync(new ParcelShipped(Guid.NewGuid()));
            var secondBatch = second.Delivery.DeliverBatchAsync(tally, CancellationToken.None);
            await Eventually.TrueAsync(
                async () => await CountAsync(
                    """
                    select count(*) from pg_locks
                    where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())
                    """) == 1,
                "the second instance waiting for the lane");
            Assert.Equal(0, await EffectsAsync(otherId, nameof(TallyParcels)));

            gate.SetResult();
            await Task.WhenAll(firstBatch, secondBatch);
            Assert.Equal(1, await EffectsAsync(heldId, nameof(TallyParcels)));
            Assert.Equal(1, await EffectsAsync(otherId, nameof(TallyParcels)));
            Assert.Equal(2, await CountAsync("select parcels from bustest.tally where id = 1"));
        }
        finally
        {
            gate.TrySetResult();
            TallyParcels.Held.TryRemove(held, out _);
            TallyParcels.Reached.TryRemove(held, out _);
        }
    }

    [Fact]
    public async Task A_slow_handler_delays_no_other_handler_and_no_other_aggregate()
    {
        await using var host = await BusHost.StartAsync(database);
        var stuck = Guid.NewGuid();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SlowHandler.Held[stuck] = gate;
        try
        {
            var held = await host.PublishAsync(new ParcelShipped(stuck));
            var others = new List<Guid>();
            for (var i = 0; i < 20; i++)
            {
                others.Add(await host.PublishAsync(new ParcelShipped(Guid.NewGuid())));
            }
            await Eventually.TrueAsync(async () => await EffectsAsync(held, nameof(RecordInLedger)) == 1
                && await EffectsAsync(others[^1], nameof(RecordInLedger)) == 1, "the other handlers took every event");
            Assert.Equal(0, await EffectsAsync(held, nameof(SlowHandler)));
        }
        finally
        {
            gate.SetResult();
        }
        await Eventually.TrueAsync(async () => await EffectsAsync((await Last()).EventId, nameof(SlowHandler)) == 1, "the slow lane caught up");

        async Task<(Guid EventId, int N)> Last()
        {
            await using var db = await Db();
            return await db.QuerySingleAsync<(Guid, int)>("select id, 0 from bus.outbox order by created_at desc, id desc limit 1");
        }
    }

    [Fact]
    public async Task Two_instances_on_one_database_handle_each_event_once()
    {
        await using var first = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromMilliseconds(20));
        await using var second = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromMilliseconds(20));

        var ids = new List<Guid>();
        var parcels = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await (i % 2 == 0 ? first : second).PublishAsync(new ParcelShipped(parcels[i % parcels.Length], i + 1)));
        }
        // And both instances race over the same lanes directly.
        await Task.WhenAll(first.Delivery.DrainAsync(CancellationToken.None), second.Delivery.DrainAsync(CancellationToken.None));

        await Eventually.TrueAsync(() => DeliveredAsync([.. ids]), "all events delivered");
        await using var conn = await Db();
        var counts = (await conn.QueryAsync<(Guid EventId, string Handler, int N)>(
            "select event_id, handler, count(*)::int from bustest.effects group by event_id, handler")).ToList();
        Assert.Equal(ids.Count * BusTestModule.Subscribers, counts.Count);
        Assert.All(counts, c => Assert.Equal(1, c.N));
        Assert.All(ids, id => Assert.Equal(1, NotifyCustomer.Pushes[id]));
    }

    [Fact]
    public async Task Catching_up_waits_for_a_modules_handlers_to_take_an_aggregates_committed_events()
    {
        await using var publisher = await BusHost.StartAsync(database, start: false);
        var parcel = Guid.NewGuid();
        var id = await publisher.PublishAsync(new ParcelShipped(parcel));
        var catchUp = publisher.Services.GetRequiredService<EventCatchUp>();
        // Nothing pending: no wait (Bus:CatchUpTimeout is 10 s in these hosts).
        var unknown = catchUp.WaitAsync("BusTest", Guid.NewGuid(), CancellationToken.None);
        Assert.Same(unknown, await Task.WhenAny(unknown, Task.Delay(TimeSpan.FromSeconds(5))));

        var waiting = catchUp.WaitAsync("BusTest", parcel, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await using var deliverer = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromHours(1));
        await waiting;
        Assert.Equal(1, await EffectsAsync(id, nameof(RecordInLedger)));
    }

    [Fact]
    public async Task Cleanup_deletes_old_delivered_events_with_their_inbox_rows_but_keeps_dead_ones()
    {
        await using var host = await BusHost.StartAsync(database, maxAttempts: 1);
        var delivered = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        var deadParcel = Guid.NewGuid();
        FlakyHandler.FailuresLeft[(deadParcel, 1)] = -1;
        var dead = await host.PublishAsync(new ParcelShipped(deadParcel));
        var recent = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        await Eventually.TrueAsync(() => DeliveredAsync(delivered, dead, recent), "all delivered");
        await using var db = await Db();
        await db.ExecuteAsync("update bus.outbox set created_at = now() - interval '8 days' where id = any(@ids)", new { ids = new[] { delivered, dead } });

        var cleanup = ActivatorUtilities.CreateInstance<OutboxCleanupJob>(host.Services);
        Assert.Equal(1, await cleanup.CleanAsync(CancellationToken.None));

        var left = (await db.QueryAsync<Guid>("select id from bus.outbox")).ToHashSet();
        Assert.Equal([dead, recent], left.Order());
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from bus.inbox where event_id = @delivered", new { delivered }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from bus.failures where event_id = @dead and dead", new { dead }));
    }
}
