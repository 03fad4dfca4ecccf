using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.InteropServices;
using Crm.BuildingBlocks;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Bench;

public sealed record EventLagOptions(
    string Server,
    int Events,
    double SteadyRate,
    int BurstConcurrency,
    int Warmup,
    int RedeliverySamples,
    TimeSpan RedeliverySpacing,
    TimeSpan PhaseTimeout,
    string OutputPath,
    bool KeepDatabase);

/// <summary>
/// Commit-to-handler lag of the outbox bus, run for real: a fresh database, the bus and a bench
/// module in a generic host (as the app runs them), commands that each commit one event.
/// </summary>
internal static class EventLagBenchmark
{
    private static readonly ModuleCatalog Catalog = new([new BenchModule()]);

    public static async Task<EventLagReport> RunAsync(EventLagOptions options, CancellationToken ct)
    {
        var database = $"crm_bench_{DateTime.UtcNow:yyyyMMdd_HHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database }.ConnectionString;
        var server = await ServerInfoAsync(options.Server, ct);
        var loadBefore = LoadAverage();
        Console.Error.WriteLine($"[bench] database {database} on {server.Version} (fsync={server.Fsync}, synchronous_commit={server.SynchronousCommit})");

        await ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        try
        {
            await using (var migrationSource = NpgsqlDataSource.Create(connectionString))
            {
                var migrator = new Migrator(migrationSource, new DatabaseSettings(connectionString), NullLogger<Migrator>.Instance);
                await migrator.MigrateAsync(BuildingBlocksServices.Schemas(Catalog), ct);
            }

            using var busMetric = new BusMetricRecorder();
            // The bench's own reads (progress polling, results) use their own pool, not the app's.
            await using var reader = NpgsqlDataSource.Create(connectionString);
            using var host = BuildHost(connectionString);
            await host.StartAsync(ct);
            try
            {
                var run = new Run(host.Services, reader, busMetric, options.PhaseTimeout);
                var pollInterval = host.Services.GetRequiredService<IOptions<BusOptions>>().Value.PollInterval;

                Console.Error.WriteLine($"[bench] warm-up: {options.Warmup} events");
                await run.BurstAsync("warmup", options.Warmup, options.BurstConcurrency, ct);
                // Tiered JIT recompiles the hot paths in the background for a while after the warm-up;
                // on two cores that shows as 50-100 ms stalls in the first seconds of the steady phase.
                // We measure a process that has been up for a while, as the app is in production.
                await Task.Delay(TimeSpan.FromSeconds(3), ct);

                Console.Error.WriteLine($"[bench] steady: {options.Events} events at {options.SteadyRate}/s");
                await run.SteadyAsync("steady", options.Events, options.SteadyRate, ct);
                var steady = await run.ResultAsync("steady", $"steady {options.SteadyRate.ToString(CultureInfo.InvariantCulture)}/s, 1 publisher", dispatched: true, ct);

                Console.Error.WriteLine($"[bench] burst: {options.Events} events from {options.BurstConcurrency} concurrent publishers");
                await run.BurstAsync("burst", options.Events, options.BurstConcurrency, ct);
                var burst = await run.ResultAsync("burst", $"burst, {options.BurstConcurrency} publishers as fast as they can", dispatched: true, ct);

                Console.Error.WriteLine($"[bench] redelivery: {options.RedeliverySamples} events without a dispatch signal, {options.RedeliverySpacing.TotalMilliseconds} ms apart (PollInterval {pollInterval})");
                await run.UndispatchedAsync("redelivery", options.RedeliverySamples, options.RedeliverySpacing, ct);
                var redelivery = await run.ResultAsync("redelivery", $"no dispatch signal (crash after commit), one every {options.RedeliverySpacing.TotalMilliseconds} ms", dispatched: false, ct);

                var failures = await reader.CreateCommand("select count(*) from bus.failures").ExecuteScalarAsync(ct);
                return new EventLagReport(
                    Meta: new BenchMeta(
                        DateTimeOffset.UtcNow,
                        Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"),
                        Environment.MachineName,
                        Environment.ProcessorCount,
                        RuntimeInformation.OSDescription,
                        RuntimeInformation.FrameworkDescription,
                        System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
                        server,
                        loadBefore,
                        LoadAverage()),
                    Parameters: new BenchParameters(
                        options.Events, options.SteadyRate, options.BurstConcurrency, options.Warmup,
                        options.RedeliverySamples, options.RedeliverySpacing.TotalMilliseconds, pollInterval.TotalMilliseconds,
                        BenchModule.Handlers.Select(h => h.Handler).ToArray()),
                    Phases: [steady, burst, redelivery],
                    HandlerFailures: Convert.ToInt64(failures, CultureInfo.InvariantCulture));
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
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
                await ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    /// <summary>The app's building blocks and the bench module in a bare generic host; bus options left at their defaults.</summary>
    private static IHost BuildHost(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = connectionString,
        });
        builder.Services.AddBuildingBlocks(builder.Configuration, Catalog);
        return builder.Build();
    }

    /// <summary>The 1-minute load average (Linux), to tell a quiet machine from a busy one: other work skews every figure.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task ExecuteOnServerAsync(string server, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
    }

    private static async Task<ServerInfo> ServerInfoAsync(string server, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        var row = await conn.QuerySingleAsync<(string, string, string, string)>(new CommandDefinition(
            "select version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('max_connections')",
            cancellationToken: ct));
        return new ServerInfo(row.Item1, row.Item2, row.Item3, int.Parse(row.Item4, CultureInfo.InvariantCulture));
    }

    /// <summary>One command's transaction: when it began and when CommitAsync returned (app clock).</summary>
    private sealed record Commit(string Phase, DateTimeOffset Began, DateTimeOffset Committed);

    /// <summary>The publishing side and the bookkeeping of one benchmark run.</summary>
    private sealed class Run(IServiceProvider services, NpgsqlDataSource reader, BusMetricRecorder busMetric, TimeSpan phaseTimeout)
    {
        private readonly ConcurrentDictionary<Guid, Commit> commits = new();
        private readonly TimeProvider clock = services.GetRequiredService<TimeProvider>();

        /// <summary>A command as the app runs one (see TransactionBehavior): begin, change, publish, commit, signal.</summary>
        private async Task PublishAsync(string phase, bool dispatch, CancellationToken ct)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            var publisher = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            var e = new BenchOrderPlaced(Guid.CreateVersion7(), phase);
            var began = clock.GetUtcNow();
            await db.BeginAsync(ct);
            try
            {
                var conn = await db.ConnectionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(
                    "insert into bench.orders (id, phase) values (@OrderId, @Phase)", new { e.OrderId, e.Phase }, cancellationToken: ct));
                await publisher.PublishAsync(e, ct);
                // The bus is woken by PostgreSQL's NOTIFY at commit; `dispatch` no longer changes anything
                // (kept until this benchmark is reworked for the delivery-per-subscriber bus).
                await db.CommitAsync(ct);
                commits[e.Id] = new Commit(phase, began, clock.GetUtcNow());
                _ = dispatch;
            }
            catch
            {
                await db.RollbackAsync(CancellationToken.None);
                throw;
            }
        }

        /// <summary>One publisher at a fixed rate (open loop: a late command does not push the next ones back).</summary>
        public async Task SteadyAsync(string phase, int count, double perSecond, CancellationToken ct)
        {
            busMetric.Phase = phase;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var wait = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
                await PublishAsync(phase, dispatch: true, ct);
            }
            await WaitDeliveredAsync(phase, ct);
        }

        /// <summary>Concurrent publishers committing back to back until <paramref name="count"/> events are out.</summary>
        public async Task BurstAsync(string phase, int count, int publishers, CancellationToken ct)
        {
            busMetric.Phase = phase;
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < count)
                {
                    await PublishAsync(phase, dispatch: true, ct);
                }
            }, ct)));
            await WaitDeliveredAsync(phase, ct);
        }

        /// <summary>Commits without telling the dispatcher, as when the process dies right after the commit.</summary>
        public async Task UndispatchedAsync(string phase, int count, TimeSpan spacing, CancellationToken ct)
        {
            busMetric.Phase = phase;
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(spacing, ct);
                }
                await PublishAsync(phase, dispatch: false, ct);
            }
            await WaitDeliveredAsync(phase, ct);
        }

        private Guid[] IdsOf(string phase) => commits.Where(c => c.Value.Phase == phase).Select(c => c.Key).ToArray();

        /// <summary>
        /// Until the outbox has no event left to deliver (all handlers committed or given up). Every
        /// event of the phase is committed before this starts and the phases before it are done, so
        /// an empty pending set means this phase is delivered. The query reads the partial index of
        /// pending rows: polling costs the machine next to nothing while the bus works.
        /// </summary>
        private async Task WaitDeliveredAsync(string phase, CancellationToken ct)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(phaseTimeout.TotalSeconds * Stopwatch.Frequency);
            await using var conn = await reader.OpenConnectionAsync(ct);
            while (true)
            {
                var pending = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                    "select count(*) from bus.deliveries where not dead", cancellationToken: ct));
                if (pending == 0)
                {
                    return;
                }
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"Phase {phase}: {pending} events still undelivered after {phaseTimeout}.");
                }
                await Task.Delay(50, ct);
            }
        }

        public async Task<PhaseResult> ResultAsync(string phase, string mode, bool dispatched, CancellationToken ct)
        {
            var ids = IdsOf(phase);
            var ofPhase = ids.ToDictionary(id => id, id => commits[id]);
            await using var conn = await reader.OpenConnectionAsync(ct);

            // Lag = when the handler did its work − when the command's CommitAsync returned.
            //
            // The handler's time is the clock_timestamp() it writes into its own row, not
            // bus.inbox.handled_at. handled_at is `default now()`, and now() is frozen at the start
            // of the handler's transaction: it marks the inbox claim (the first statement; Npgsql
            // sends BEGIN with it), before the handler has run at all. clock_timestamp() is read
            // when the handler's insert executes, so it includes the scope, deserialization, the
            // claim and the handler's own work: the moment the reaction actually happened. Neither
            // includes the handler's commit; outbox.processed_at (set by the bus on the app clock
            // after every handler has committed) does, so the "delivered" row covers that, and the
            // inbox-based figures are kept in the JSON as a cross-check.
            //
            // The commit time is taken in the app after CommitAsync returns (what a caller sees
            // as "done"); PostgreSQL and .NET read the same system clock (CLOCK_REALTIME) on this
            // machine, so the two sides compare to within microseconds.
            var handlerLag = new Dictionary<string, Stats>();
            foreach (var (handler, table) in BenchModule.Handlers)
            {
                var rows = await conn.QueryAsync<(Guid EventId, DateTime HandledAt)>(new CommandDefinition(
                    $"select event_id, handled_at from {table} where phase = @Phase", new { Phase = phase }, cancellationToken: ct));
                handlerLag[handler] = Stats.Of(rows.Select(r => LagMs(ofPhase[r.EventId].Committed, r.HandledAt)));
            }

            var inbox = await conn.QueryAsync<(Guid EventId, string Handler, DateTime HandledAt)>(new CommandDefinition(
                "select event_id, handler, handled_at from bus.inbox where event_id = any(@Ids)", new { Ids = ids }, cancellationToken: ct));
            var inboxLag = inbox.GroupBy(r => r.Handler).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g => Stats.Of(g.Select(r => LagMs(ofPhase[r.EventId].Committed, r.HandledAt))));

            var processed = (await conn.QueryAsync<(Guid Id, DateTime ProcessedAt)>(new CommandDefinition(
                "select event_id, max(handled_at) from bus.inbox where event_id = any(@Ids) group by event_id", new { Ids = ids }, cancellationToken: ct))).ToArray();
            var delivered = Stats.Of(processed.Select(r => LagMs(ofPhase[r.Id].Committed, r.ProcessedAt)));

            var firstBegan = ofPhase.Values.Min(c => c.Began);
            var firstCommit = ofPhase.Values.Min(c => c.Committed);
            var lastCommit = ofPhase.Values.Max(c => c.Committed);
            var lastDelivered = processed.Max(r => AsUtc(r.ProcessedAt));
            var publishSeconds = (lastCommit - firstBegan).TotalSeconds;
            var deliverySeconds = (lastDelivered - firstCommit).TotalSeconds;
            // Once the publishers are done the bus has the cores to itself: how fast it drains the backlog.
            var drained = processed.Count(r => AsUtc(r.ProcessedAt) > lastCommit);
            var drainSeconds = (lastDelivered - lastCommit).TotalSeconds;

            return new PhaseResult(
                Phase: phase,
                Mode: mode,
                Events: ids.Length,
                Dispatched: dispatched,
                PublishSeconds: Math.Round(publishSeconds, 3),
                PublishedPerSecond: Math.Round(ids.Length / publishSeconds, 1),
                CommandMs: Stats.Of(ofPhase.Values.Select(c => (c.Committed - c.Began).TotalMilliseconds)),
                HandlerLagMs: handlerLag,
                DeliveredLagMs: delivered,
                InboxHandledAtLagMs: inboxLag,
                BusMetricLagMs: busMetric.StatsOf(phase),
                DeliverySeconds: Math.Round(deliverySeconds, 3),
                DeliveredPerSecond: Math.Round(ids.Length / deliverySeconds, 1),
                HandlerRunsPerSecond: Math.Round(ids.Length * BenchModule.Handlers.Count / deliverySeconds, 1),
                DrainedAfterLastCommit: drained,
                DrainPerSecond: drainSeconds > 0 ? Math.Round(drained / drainSeconds, 1) : 0);
        }

        private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

        private static double LagMs(DateTimeOffset committed, DateTime at) => (AsUtc(at) - committed).TotalMilliseconds;
    }

    /// <summary>
    /// Listens to the bus's own histogram crm.bus.delivery_lag (from the event's OccurredAt, stamped
    /// just before the command's commit, to the handler's commit): a cross-check that includes the
    /// handler's commit, per handler, without touching the bus.
    /// </summary>
    private sealed class BusMetricRecorder : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<(string Phase, string Handler, double Ms)> measurements = new();

        public BusMetricRecorder()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Crm.Bus" && instrument.Name == "crm.bus.delivery_lag")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                var handler = "?";
                foreach (var tag in tags)
                {
                    if (tag.Key == "handler")
                    {
                        handler = tag.Value?.ToString() ?? "?";
                    }
                }
                // Phases do not overlap (each waits for its deliveries), so the current one is the event's.
                measurements.Enqueue((Phase, handler, value));
            });
            listener.Start();
        }

        public volatile string Phase = "";

        public Dictionary<string, Stats> StatsOf(string phase) =>
            measurements.Where(m => m.Phase == phase).GroupBy(m => m.Handler).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g => Stats.Of(g.Select(m => m.Ms)));

        public void Dispose() => listener.Dispose();
    }
}

public sealed record ServerInfo(string Version, string Fsync, string SynchronousCommit, int MaxConnections);

public sealed record BenchMeta(
    DateTimeOffset RanAt, string? GitCommit, string Machine, int Cores, string Os, string Runtime, string Gc, ServerInfo Postgres,
    double? LoadAverageBefore, double? LoadAverageAfter);

public sealed record BenchParameters(
    int EventsPerPhase, double SteadyRatePerSecond, int BurstPublishers, int WarmupEvents,
    int RedeliverySamples, double RedeliverySpacingMs, double PollIntervalMs, string[] Handlers);

public sealed record PhaseResult(
    string Phase,
    string Mode,
    int Events,
    bool Dispatched,
    double PublishSeconds,
    double PublishedPerSecond,
    Stats CommandMs,
    Dictionary<string, Stats> HandlerLagMs,
    Stats DeliveredLagMs,
    Dictionary<string, Stats> InboxHandledAtLagMs,
    Dictionary<string, Stats> BusMetricLagMs,
    double DeliverySeconds,
    double DeliveredPerSecond,
    double HandlerRunsPerSecond,
    int DrainedAfterLastCommit,
    double DrainPerSecond);

public sealed record EventLagReport(BenchMeta Meta, BenchParameters Parameters, PhaseResult[] Phases, long HandlerFailures);
