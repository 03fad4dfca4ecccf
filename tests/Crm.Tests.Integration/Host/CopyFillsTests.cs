using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Npgsql;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// A copy that a migration has just created is filled from its owner's records in the background (CopyFills): on a
/// big database the instance answers at once and says it is not ready until the copy is filled, and a fill cut off by
/// a stop is done again on the next start, not left half-done.
/// </summary>
public sealed class CopyFillsTests
{
    // Enough deals that their republishing takes many pages (500 each), so the stop below lands in the middle.
    private const int Deals = 20_000;
    private const string Republished = "Crm.Modules.Deals.Contracts.DealRepublished";

    [Fact]
    public async Task A_start_serves_while_a_new_copy_is_filled_and_a_fill_cut_off_is_done_again_on_the_next_start()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            // Deals from before Messaging had its copy: in deals.deals, and nowhere else (no event ever told of them).
            await RunAsync(database, waitUntilReady: true, async _ =>
            {
                await using var db = await TestDatabase.OpenAsync(database);
                await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db), "the seed's events delivered");
                await InsertDealsAsync(db);
            });
            await using var db = await TestDatabase.OpenAsync(database);
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("select count(*) from messaging.deals"));

            // The start after it: it answers at once, not ready while the copy fills; stopped in the middle of the fill.
            await RunAsync(database, waitUntilReady: false, async app =>
            {
                using var client = app.Client();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
                var ready = await client.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Contains("messaging.deals", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                await Eventually.TrueAsync(async () => await RepublishedAsync(db) > 0, "the first page of deals republished");
            });
            var cutAt = await RepublishedAsync(db);
            Assert.True(cutAt < Deals, $"the stop came after the fill had ended ({cutAt} of {Deals} republished)");
            Assert.Equal(["Messaging.TellDealStory"], await db.QueryAsync<string>("select handler from bus.copy_fills"));

            // The next start fills it again, whole, and is ready once the copy holds every deal.
            await RunAsync(database, waitUntilReady: true, async app =>
            {
                Assert.Equal(Deals, await RepublishedAsync(db));
                Assert.Empty(await db.QueryAsync<string>("select handler from bus.copy_fills"));
                Assert.Equal(Deals, await db.ExecuteScalarAsync<long>("select count(*) from messaging.deals"));
                using var client = app.Client();
                var ready = await client.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
            });
        }
        finally
        {
            await TestDatabase.DropAsync(database);
        }
    }

    private static async Task RunAsync(string database, bool waitUntilReady, Func<CrmApp, Task> test)
    {
        var app = new CrmApp(database, new TestClock(), new Dictionary<string, string>(), waitUntilReady);
        await app.InitializeAsync();
        try
        {
            await test(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>How many different deals have been republished so far.</summary>
    private static Task<long> RepublishedAsync(NpgsqlConnection db) =>
        db.ExecuteScalarAsync<long>("select count(distinct aggregate_id) from bus.outbox where event_type = @Republished", new { Republished });

    private static Task<int> InsertDealsAsync(NpgsqlConnection db) =>
        db.ExecuteAsync(
            """
            insert into deals.deals (id, number, name, pipeline_id, stage_id, responsible_id, created_by, created_at, updated_at, stage_entered_at)
            select gen_random_uuid(), 100000 + n, 'Сделка до копии ' || n, s.pipeline_id, s.id, u.id, u.id, now(), now(), now()
            from generate_series(1, @Deals) n,
                 (select id, pipeline_id from deals.stages order by pipeline_id, position limit 1) s,
                 (select id from identity.users limit 1) u
            """,
            new { Deals });
}
