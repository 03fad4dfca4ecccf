using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Tests.Integration.Bus;

/// <summary>The outbox bus against a real PostgreSQL: once per subscriber, nothing lost, failures isolated.</summary>
public sealed class EventBusTests : IAsyncLifetime
{
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

    private async Task<bool> ProcessedAsync(Guid eventId)
    {
        await using var db = await Db();
        return await db.ExecuteScalarAsync<bool>("select processed_at is not null from bus.outbox where id = @eventId", new { eventId });
    }

    [Fact]
    public async Task Each_subscriber_handles_an_event_once_even_when_it_is_delivered_again()
    {
        await using var host = await BusHost.StartAsync(database);
        var id = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        await Eventually.TrueAsync(() => ProcessedAsync(id), "event delivered");

        await using (var db = await Db())
        {
            await db.ExecuteAsync("update bus.outbox set processed_at = null where id = @id", new { id });
        }
        Assert.True(await host.Delivery.DeliverAsync(id, CancellationToken.None));

        Assert.Equal(1, await EffectsAsync(id, nameof(RecordInLedger)));
        Assert.Equal(1, await EffectsAsync(id, nameof(NotifyCustomer)));
        Assert.Equal(1, await EffectsAsync(id, nameof(FlakyHandler)));
        await using var conn = await Db();
        Assert.Equal(3, await conn.ExecuteScalarAsync<int>("select count(*) from bus.inbox where event_id = @id", new { id }));
    }

    [Fact]
    public async Task An_event_committed_just_before_a_crash_is_delivered_after_restart()
    {
        Guid id;
        // The first instance never polls, and "dies" between the commit and the dispatch.
        await using (var crashing = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromHours(1)))
        {
            id = await crashing.PublishAsync(new ParcelShipped(Guid.NewGuid()), dispatch: false);
        }
        Assert.False(await ProcessedAsync(id));
        Assert.Equal(0, await EffectsAsync(id, nameof(RecordInLedger)));

        await using var restarted = await BusHost.StartAsync(database);
        await Eventually.TrueAsync(() => ProcessedAsync(id), "event delivered after restart");
        Assert.Equal(1, await EffectsAsync(id, nameof(RecordInLedger)));
        Assert.Equal(1, await EffectsAsync(id, nameof(NotifyCustomer)));
    }

    [Fact]
    public async Task An_event_held_by_an_instance_that_died_is_delivered_when_its_claim_expires()
    {
        await using var host = await BusHost.StartAsync(database);
        var id = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()), dispatch: false);
        await using (var db = await Db())
        {
            await db.ExecuteAsync("update bus.outbox set locked_until = now() + interval '1 second' where id = @id", new { id });
        }
        Assert.False(await host.Delivery.DeliverAsync(id, CancellationToken.None)); // held by the dead instance
        await Eventually.TrueAsync(() => ProcessedAsync(id), "event delivered after the claim expired");
        Assert.Equal(1, await EffectsAsync(id, nameof(NotifyCustomer)));
    }

    [Fact]
    public async Task A_failing_handler_does_not_block_the_others_and_is_retried_until_it_succeeds()
    {
        await using var host = await BusHost.StartAsync(database);
        var parcel = Guid.NewGuid();
        FlakyHandler.FailuresLeft[parcel] = 2;
        var id = await host.PublishAsync(new ParcelShipped(parcel));

        await Eventually.TrueAsync(
            async () => await EffectsAsync(id, nameof(RecordInLedger)) == 1 && await EffectsAsync(id, nameof(NotifyCustomer)) == 1,
            "the healthy handlers ran");
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await Db();
            return await db.ExecuteScalarAsync<int>("select count(*) from bus.failures where event_id = @id and last_error like '%Flaky failure%'", new { id }) == 1;
        }, "the failure is visible in bus.failures");

        await Eventually.TrueAsync(() => ProcessedAsync(id), "the flaky handler eventually succeeded");
        Assert.Equal(1, await EffectsAsync(id, nameof(FlakyHandler))); // its failed attempts were rolled back
        Assert.Equal(1, await EffectsAsync(id, nameof(RecordInLedger)));
        await using var conn = await Db();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("select count(*) from bus.failures where event_id = @id", new { id }));
    }

    [Fact]
    public async Task A_handler_that_keeps_failing_is_given_up_and_left_visible_as_dead()
    {
        await using var host = await BusHost.StartAsync(database, maxAttempts: 3);
        var parcel = Guid.NewGuid();
        FlakyHandler.FailuresLeft[parcel] = -1;
        var id = await host.PublishAsync(new ParcelShipped(parcel));

        await Eventually.TrueAsync(() => ProcessedAsync(id), "delivery finished");
        await using var db = await Db();
        var failure = await db.QuerySingleAsync<(int Attempts, bool Dead, string Handler)>(
            "select attempts, dead, handler from bus.failures where event_id = @id", new { id });
        Assert.Equal((3, true, "BusTest.FlakyHandler"), failure);
        Assert.Equal(0, await EffectsAsync(id, nameof(FlakyHandler)));
        Assert.Equal(1, await EffectsAsync(id, nameof(NotifyCustomer)));
    }

    [Fact]
    public async Task Two_instances_on_one_database_handle_each_event_once()
    {
        await using var first = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromMilliseconds(20));
        await using var second = await BusHost.StartAsync(database, pollInterval: TimeSpan.FromMilliseconds(20));

        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            // Half dispatched at once by the publishing instance, half left to whichever instance polls first.
            ids.Add(await (i % 2 == 0 ? first : second).PublishAsync(new ParcelShipped(Guid.NewGuid()), dispatch: i % 3 != 0));
        }
        // And both instances race over the same events directly.
        await Task.WhenAll(ids.SelectMany(id => new[]
        {
            first.Delivery.DeliverAsync(id, CancellationToken.None),
            second.Delivery.DeliverAsync(id, CancellationToken.None),
        }));

        await Eventually.TrueAsync(async () =>
        {
            await using var db = await Db();
            return await db.ExecuteScalarAsync<int>("select count(*) from bus.outbox where processed_at is null") == 0;
        }, "all events delivered");
        await using var conn = await Db();
        var counts = (await conn.QueryAsync<(Guid EventId, string Handler, int N)>(
            "select event_id, handler, count(*)::int from bustest.effects group by event_id, handler")).ToList();
        Assert.Equal(ids.Count * 3, counts.Count);
        Assert.All(counts, c => Assert.Equal(1, c.N));
    }

    [Fact]
    public async Task Cleanup_deletes_old_delivered_events_with_their_inbox_rows_but_keeps_dead_ones()
    {
        await using var host = await BusHost.StartAsync(database, maxAttempts: 1);
        var delivered = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        var deadParcel = Guid.NewGuid();
        FlakyHandler.FailuresLeft[deadParcel] = -1;
        var dead = await host.PublishAsync(new ParcelShipped(deadParcel));
        var recent = await host.PublishAsync(new ParcelShipped(Guid.NewGuid()));
        await Eventually.TrueAsync(async () => await ProcessedAsync(delivered) && await ProcessedAsync(dead) && await ProcessedAsync(recent), "all delivered");
        await using var db = await Db();
        await db.ExecuteAsync("update bus.outbox set processed_at = now() - interval '8 days' where id = any(@ids)", new { ids = new[] { delivered, dead } });

        var cleanup = new Crm.BuildingBlocks.Events.OutboxCleanupJob(
            host.Services.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new Crm.BuildingBlocks.Events.BusOptions()));
        Assert.Equal(1, await cleanup.CleanAsync(CancellationToken.None));

        var left = (await db.QueryAsync<Guid>("select id from bus.outbox")).ToHashSet();
        Assert.Equal([dead, recent], left.Order());
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from bus.inbox where event_id = @delivered", new { delivered }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from bus.failures where event_id = @dead and dead", new { dead }));
    }
}
