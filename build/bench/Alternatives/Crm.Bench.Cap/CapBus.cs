using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Crm.Bench.EventLag;
using Dapper;
using DotNetCore.CAP;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Bench.Cap;

/// <summary>
/// DotNetCore.CAP as this app would use it, for ADR 0006's comparison: <c>AddCap</c> in a generic
/// host with PostgreSQL storage (CAP's own schema <c>cap</c> in the bench database: tables
/// <c>published</c> and <c>received</c>) on one <see cref="NpgsqlDataSource"/> shared with the
/// commands and the subscribers, and the four subscribers of BenchSubscribers.cs, each its own
/// consumer group. Every <see cref="CapOptions"/> setting is CAP's default (the report's
/// description lists them): one consumer per group (<c>ConsumerThreadCount</c> 1), so four in
/// all, as our four workers; <c>CRM_BENCH_CAP_CONSUMER_THREADS</c> overrides that one.
/// <para>
/// A publish is a command as the app would run one with CAP: our Npgsql transaction begun
/// through CAP (<c>BeginTransactionAsync(publisher)</c>), the command's insert, <c>PublishAsync</c>
/// (CAP's row in <c>cap.published</c>, in that transaction: a rollback publishes nothing),
/// commit. CAP's commit then hands the message to the transport and marks the published row
/// Succeeded (another transaction) before it returns, so the command's time includes that. A
/// crash between the commit and the hand-over leaves the row Scheduled: CAP's processor sends it
/// once it is 240 s old (<c>FallbackWindowLookbackSeconds</c>), checking every 60 s.
/// </para>
/// <para>
/// Delivery: a group's consumer takes a message from the group's queue, inserts it into
/// <c>cap.received</c> (own transaction), runs the subscriber (its own transaction), marks the
/// received row Succeeded (own transaction), then acknowledges it. The subscriber's effect and
/// CAP's bookkeeping do not commit together: a crash in between runs the subscriber again, so
/// effects are at least once and a subscriber must be idempotent (our copies' upsert-if-newer
/// would be). A subscriber that throws is tried three times at once, then left Failed for the
/// processor (every 60 s once 240 s old, 50 tries in all) while its group goes on: each
/// subscriber retries on its own, and a later event of the same aggregate can overtake a failed
/// one. Order is otherwise the group's queue order, the order of hand-over after commit, not of
/// commit; with more than one consumer per group there is none.
/// </para>
/// <para>
/// <b>The transport is <see cref="InProcessBroker"/>, written for this benchmark</b>: only
/// DotNetCore.CAP and DotNetCore.CAP.PostgreSql are served here, and every CAP transport needs a
/// broker (RabbitMQ, Kafka, NATS, ...) except a third-party in-memory queue package, which is not
/// served. Production would need that broker as a second container to deploy and run; ops deploy one.
/// </para>
/// </summary>
internal sealed class CapBus : IBusUnderTest
{
    private readonly ConcurrentQueue<double> commitMs = new();
    private IHost? host;
    private NpgsqlDataSource? dataSource;
    private string settings = "DotNetCore.CAP with PostgreSQL storage and an in-process transport";

    public string Name => "cap";

    /// <summary>
    /// The settings, and how long CAP's <c>CommitAsync</c> took (all phases): the harness measures
    /// lag from the moment the publish returns, which for CAP is after the hand-over to the transport
    /// and the published row's update, so a subscriber can run before it (negative minimums) and
    /// the lags understate the time from the database commit by up to that much.
    /// </summary>
    public string Description
    {
        get
        {
            if (commitMs.IsEmpty)
            {
                return settings;
            }
            var commit = Stats.Of(commitMs);
            return string.Create(CultureInfo.InvariantCulture,
                $"{settings}; CAP's CommitAsync (DB commit, hand-over, published row marked) p50 {commit.P50:0.00} ms, p99 {commit.P99:0.00} ms over {commit.Count} commands: lags count from its return");
        }
    }

    public async Task StartAsync(string connectionString, BoardPushes pushes, CancellationToken ct)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
        var source = dataSource;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(source);
        builder.Services.AddSingleton(pushes);
        // CAP finds its subscribers among the registered services that implement ICapSubscribe.
        builder.Services.AddTransient<RecordInLedger>();
        builder.Services.AddTransient<NotifySalesRep>();
        builder.Services.AddTransient<WriteAuditTrail>();
        builder.Services.AddTransient<PushToBoard>();
        builder.Services.AddCap(cap =>
        {
            cap.UsePostgreSql(pg => pg.DataSource = source);
            cap.RegisterExtension(new InProcessTransportExtension());
            if (ConsumerThreadsOverride() is { } threads)
            {
                cap.ConsumerThreadCount = threads;
            }
        });
        host = builder.Build();
        await host.StartAsync(ct);

        // CAP creates its tables and starts its consumers in the background once the host has
        // started; the first publish must find every group's queue bound.
        var options = Services.GetRequiredService<IOptions<CapOptions>>().Value;
        await WaitForConsumersAsync(CapNames.Groups.Count * options.ConsumerThreadCount, ct);

        var version = typeof(ICapPublisher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        var pg = Services.GetRequiredService<IOptions<PostgreSqlOptions>>().Value;
        settings =
            $"DotNetCore.CAP {version}, PostgreSQL storage (schema {pg.Schema}), in-process transport (bench only: production needs a broker); "
            + $"{CapNames.Groups.Count} consumer groups x ConsumerThreadCount {options.ConsumerThreadCount}, "
            + $"EnableSubscriberParallelExecute {options.EnableSubscriberParallelExecute}, EnablePublishParallelSend {options.EnablePublishParallelSend}, "
            + $"FailedRetryCount {options.FailedRetryCount}, FailedRetryInterval {options.FailedRetryInterval} s, "
            + $"FallbackWindowLookbackSeconds {options.FallbackWindowLookbackSeconds}, UseStorageLock {options.UseStorageLock}; "
            + "publish in our transaction (BeginTransactionAsync(publisher)); subscriber effect and received row in separate transactions (at least once)";
    }

    public Task PublishOrderPlacedAsync(Guid orderId, string phase, CancellationToken ct) =>
        CommandAsync(BenchTables.InsertOrderSql, orderId, phase, CapNames.OrderPlaced, new BenchOrderPlaced(orderId, phase), ct);

    public Task PublishDealMovedAsync(Guid moveId, string phase, CancellationToken ct) =>
        CommandAsync(BenchTables.InsertMoveSql, moveId, phase, CapNames.DealMoved, new BenchDealMoved(moveId, phase), ct);

    /// <summary>
    /// A command with CAP's transaction integration: begin through CAP, change, publish, commit.
    /// An exception leaves the transaction uncommitted and disposing it rolls it back (CAP's row too).
    /// </summary>
    private async Task CommandAsync<T>(string sql, Guid id, string phase, string topic, T message, CancellationToken ct)
    {
        var publisher = Services.GetRequiredService<ICapPublisher>();
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        using var transaction = await conn.BeginTransactionAsync(publisher, autoCommit: false, ct);
        var dbTransaction = (DbTransaction)transaction.DbTransaction!;
        await conn.ExecuteAsync(new CommandDefinition(sql, new { Id = id, Phase = phase }, dbTransaction, cancellationToken: ct));
        await publisher.PublishAsync(topic, message, cancellationToken: ct);
        var committing = Stopwatch.GetTimestamp();
        await transaction.CommitAsync(ct);
        commitMs.Enqueue(Stopwatch.GetElapsedTime(committing).TotalMilliseconds);
    }

    /// <summary>CAP's failed rows, published (could not be sent) and received (the subscriber threw); they are retried, and kept when retries are exhausted.</summary>
    public async Task<long> FailuresAsync(CancellationToken ct)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            select (select count(*) from cap.published where "StatusName" = 'Failed')
                 + (select count(*) from cap.received where "StatusName" = 'Failed')
            """, cancellationToken: ct));
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (host is not null)
        {
            await host.StopAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        host?.Dispose();
        host = null;
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
            dataSource = null;
        }
    }

    /// <summary>
    /// <c>CRM_BENCH_CAP_CONSUMER_THREADS</c>, to try CAP with more consumers per group. Unset, CAP's
    /// default of 1 stands: one consumer per group, four in all, as our four workers. More than
    /// one consumer per group run that group's messages concurrently, in no particular order.
    /// </summary>
    private static int? ConsumerThreadsOverride() =>
        Environment.GetEnvironmentVariable("CRM_BENCH_CAP_CONSUMER_THREADS") is { Length: > 0 } value
            ? CommandLine.Positive("CRM_BENCH_CAP_CONSUMER_THREADS", value)
            : null;

    private async Task WaitForConsumersAsync(int expected, CancellationToken ct)
    {
        var broker = Services.GetRequiredService<InProcessBroker>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (broker.ListeningConsumers < expected)
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"CAP started {broker.ListeningConsumers} of {expected} consumers in 30 s; see its log above.");
            }
        }
    }

    private IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("The bus is not started.");

    private NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("The bus is not started.");
}
