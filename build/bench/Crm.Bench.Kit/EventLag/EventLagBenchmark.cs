using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Dapper;
using Npgsql;

namespace Crm.Bench.EventLag;

public sealed record EventLagOptions(
    string Server,
    int SteadyEvents,
    double SteadyRate,
    int BurstEvents,
    int BurstPublishers,
    TimeSpan MoveInterval,
    int Warmup,
    TimeSpan PhaseTimeout,
    string OutputPath,
    bool KeepDatabase);

/// <summary>
/// Commit-to-subscriber lag of a bus, run for real on a fresh database: commands that each commit
/// one event, three subscribers per event, and a board push (an unrelated event kind) published
/// at a fixed interval throughout, to see whether a backlog of one kind holds it up.
/// </summary>
public static class EventLagBenchmark
{
    public static async Task<EventLagReport> RunAsync(IBusUnderTest bus, EventLagOptions options, CancellationToken ct)
    {
        var database = $"crm_bench_{DateTime.UtcNow:yyyyMMdd_HHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database }.ConnectionString;
        var server = await Machine.ServerInfoAsync(options.Server, ct);
        var loadBefore = Machine.LoadAverage();
        Console.Error.WriteLine($"[bench] {bus.Name}: database {database} on {server.Version} (fsync={server.Fsync}, synchronous_commit={server.SynchronousCommit})");

        await Machine.ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        try
        {
            // The bench's own reads (progress, results) use their own pool, not the bus's.
            await using var reader = NpgsqlDataSource.Create(connectionString);
            await using (var conn = await reader.OpenConnectionAsync(ct))
            {
                await conn.ExecuteAsync(new CommandDefinition(BenchTables.CreateSql, cancellationToken: ct));
            }

            var pushes = new BoardPushes();
            await bus.StartAsync(connectionString, pushes, ct);
            try
            {
                var run = new Run(bus, reader, pushes, options);

                Console.Error.WriteLine($"[bench] warm-up: {options.Warmup} events");
                await run.PhaseAsync("warmup", p => p.BurstAsync(options.Warmup, options.BurstPublishers, ct), ct);
                // Tiered JIT recompiles the hot paths in the background for a while after the warm-up;
                // on two cores that shows as stalls in the first seconds. We measure a process that has
                // been up for a while, as the app is in production.
                await Task.Delay(TimeSpan.FromSeconds(3), ct);

                Console.Error.WriteLine($"[bench] steady: {options.SteadyEvents} events at {options.SteadyRate}/s");
                var steady = await run.PhaseAsync("steady", p => p.SteadyAsync(options.SteadyEvents, options.SteadyRate, ct), ct);

                Console.Error.WriteLine($"[bench] burst: {options.BurstEvents} events from {options.BurstPublishers} publishers");
                var burst = await run.PhaseAsync("burst", p => p.BurstAsync(options.BurstEvents, options.BurstPublishers, ct), ct);

                return new EventLagReport(
                    Meta: new EventLagMeta(
                        DateTimeOffset.UtcNow,
                        Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"),
                        Environment.MachineName,
                        Environment.ProcessorCount,
                        RuntimeInformation.OSDescription,
                        RuntimeInformation.FrameworkDescription,
                        System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
                        server,
                        loadBefore,
                        Machine.LoadAverage()),
                    Bus: bus.Name,
                    BusDescription: bus.Description,
                    Parameters: options with { Server = "", OutputPath = "" },
                    Phases: [steady, burst],
                    Failures: await bus.FailuresAsync(ct));
            }
            finally
            {
                await bus.StopAsync(CancellationToken.None);
                await bus.DisposeAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (options.KeepDatabase)
            {
                Console.Error.WriteLine($"[bench] kept database {database}");
            }
            else
            {
                await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    /// <summary>The publishing side and the bookkeeping of one run: when each command committed (app clock).</summary>
    private sealed class Run(IBusUnderTest bus, NpgsqlDataSource reader, BoardPushes pushes, EventLagOptions options)
    {
        private readonly ConcurrentDictionary<Guid, Commit> orders = new();
        private readonly ConcurrentDictionary<Guid, Commit> moves = new();

        /// <summary>
        /// Runs the publishers of a phase while a mover publishes a DealMoved every MoveInterval,
        /// until every order and move of the phase has reached its subscribers.
        /// </summary>
        public async Task<PhaseResult> PhaseAsync(string phase, Func<Publishers, Task> publish, CancellationToken ct)
        {
            using var stopMoving = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var mover = MoveAsync(phase, stopMoving.Token);
            var publishers = new Publishers(this, phase);
            await publish(publishers);
            var ordersPublished = publishers.LastCommit;
            await WaitForAsync(phase, "orders", () => CountOrdersHandledAsync(phase, ct), orders.Count(o => o.Value.Phase == phase), ct);
            await stopMoving.CancelAsync();
            await mover;
            var movesOfPhase = moves.Where(m => m.Value.Phase == phase).Select(m => m.Key).ToArray();
            await WaitForAsync(phase, "board pushes", () => Task.FromResult((long)movesOfPhase.Count(id => pushes.TryGet(id, out _))), movesOfPhase.Length, ct);
            return await ResultAsync(phase, ordersPublished, ct);
        }

        private async Task MoveAsync(string phase, CancellationToken ct)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 1; !ct.IsCancellationRequested; i++)
            {
                var wait = options.MoveInterval * i - Stopwatch.GetElapsedTime(start);
                try
                {
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, ct);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var id = Guid.CreateVersion7();
                var began = DateTimeOffset.UtcNow;
                await bus.PublishDealMovedAsync(id, phase, CancellationToken.None);
                moves[id] = new Commit(phase, began, DateTimeOffset.UtcNow);
            }
        }

        public async Task PublishOrderAsync(string phase, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var began = DateTimeOffset.UtcNow;
            await bus.PublishOrderPlacedAsync(id, phase, ct);
            orders[id] = new Commit(phase, began, DateTimeOffset.UtcNow);
        }

        private async Task<long> CountOrdersHandledAsync(string phase, CancellationToken ct)
        {
            // The fewest any subscriber has: the phase is delivered when the slowest one has them all.
            await using var conn = await reader.OpenConnectionAsync(ct);
            var least = long.MaxValue;
            foreach (var table in BenchTables.OrderSubscriberTables)
            {
                least = Math.Min(least, await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                    $"select count(*) from {table} where phase = @phase", new { phase }, cancellationToken: ct)));
            }
            return least;
        }

        private async Task WaitForAsync(string phase, string what, Func<Task<long>> done, long expected, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            while (true)
            {
                var count = await done();
                if (count >= expected)
                {
                    return;
                }
                if (Stopwatch.GetElapsedTime(started) > options.PhaseTimeout)
                {
                    throw new TimeoutException($"Phase {phase}: {count} of {expected} {what} delivered after {options.PhaseTimeout}.");
                }
                await Task.Delay(50, ct);
            }
        }

        private async Task<PhaseResult> ResultAsync(string phase, DateTimeOffset lastOrderCommit, CancellationToken ct)
        {
            var ofPhase = orders.Where(o => o.Value.Phase == phase).ToDictionary(o => o.Key, o => o.Value);
            await using var conn = await reader.OpenConnectionAsync(ct);

            // Lag = when the subscriber's insert executed (its clock_timestamp()) − when the publishing
            // command's commit returned (app clock). PostgreSQL and .NET read the same system clock on
            // one machine, so the two compare to within microseconds. It does not include the
            // subscriber's own commit; the board push (timed in the app after that commit) does.
            var lagByTable = new Dictionary<string, Stats>();
            var duplicates = new Dictionary<string, long>();
            var lastHandled = new Dictionary<Guid, DateTimeOffset>();
            foreach (var table in BenchTables.OrderSubscriberTables)
            {
                var rows = (await conn.QueryAsync<(Guid OrderId, DateTime HandledAt)>(new CommandDefinition(
                    $"select order_id, handled_at from {table} where phase = @phase", new { phase }, cancellationToken: ct))).ToArray();
                duplicates[table] = rows.Length - rows.Select(r => r.OrderId).Distinct().LongCount();
                lagByTable[table] = Stats.Of(rows.Select(r => (AsUtc(r.HandledAt) - ofPhase[r.OrderId].Committed).TotalMilliseconds));
                foreach (var row in rows)
                {
                    var at = AsUtc(row.HandledAt);
                    if (!lastHandled.TryGetValue(row.OrderId, out var seen) || at > seen)
                    {
                        lastHandled[row.OrderId] = at;
                    }
                }
            }
            var allThree = Stats.Of(lastHandled.Select(h => (h.Value - ofPhase[h.Key].Committed).TotalMilliseconds));

            var moveLag = Stats.Of(moves.Where(m => m.Value.Phase == phase)
                .Select(m => pushes.TryGet(m.Key, out var at) ? (at - m.Value.Committed).TotalMilliseconds : double.PositiveInfinity));
            var moveDuplicates = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "select count(*) - count(distinct move_id) from bench.board_moves where phase = @phase", new { phase }, cancellationToken: ct));

            var firstBegan = ofPhase.Values.Min(c => c.Began);
            var firstCommit = ofPhase.Values.Min(c => c.Committed);
            var lastDelivered = lastHandled.Values.Max();
            var publishSeconds = (lastOrderCommit - firstBegan).TotalSeconds;
            var deliverySeconds = (lastDelivered - firstCommit).TotalSeconds;
            // Once the publishers are done the bus has the cores to itself: how fast it drains the backlog.
            var drained = lastHandled.Values.Count(at => at > lastOrderCommit);
            var drainSeconds = (lastDelivered - lastOrderCommit).TotalSeconds;

            return new PhaseResult(
                Phase: phase,
                Events: ofPhase.Count,
                PublishSeconds: Math.Round(publishSeconds, 3),
                PublishedPerSecond: Math.Round(ofPhase.Count / publishSeconds, 1),
                CommandMs: Stats.Of(ofPhase.Values.Select(c => (c.Committed - c.Began).TotalMilliseconds)),
                SubscriberLagMs: lagByTable,
                AllSubscribersLagMs: allThree,
                BoardPushLagMs: moveLag,
                DeliverySeconds: Math.Round(deliverySeconds, 3),
                DeliveredPerSecond: Math.Round(ofPhase.Count / deliverySeconds, 1),
                DrainedAfterLastCommit: drained,
                DrainPerSecond: drainSeconds > 0 ? Math.Round(drained / drainSeconds, 1) : 0,
                Duplicates: duplicates.Values.Sum() + moveDuplicates);
        }

        private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

        /// <summary>The order publishers of a phase.</summary>
        public sealed class Publishers(Run run, string phase)
        {
            public DateTimeOffset LastCommit { get; private set; }

            /// <summary>One publisher at a fixed rate (open loop: a late command does not push the next ones back).</summary>
            public async Task SteadyAsync(int count, double perSecond, CancellationToken ct)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < count; i++)
                {
                    var wait = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, ct);
                    }
                    await run.PublishOrderAsync(phase, ct);
                }
                LastCommit = DateTimeOffset.UtcNow;
            }

            /// <summary>Concurrent publishers committing back to back until <paramref name="count"/> events are out.</summary>
            public async Task BurstAsync(int count, int publishers, CancellationToken ct)
            {
                var next = -1;
                await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
                {
                    while (Interlocked.Increment(ref next) < count)
                    {
                        await run.PublishOrderAsync(phase, ct);
                    }
                }, ct)));
                LastCommit = DateTimeOffset.UtcNow;
            }
        }

        private sealed record Commit(string Phase, DateTimeOffset Began, DateTimeOffset Committed);
    }
}
