using System.Diagnostics;
using System.Globalization;
using Crm.Bench.EventLag;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace Crm.Bench.Wolverine;

/// <summary>
/// WolverineFx 6.64 as this app would run it, in a generic host (UseWolverine):
/// <list type="bullet">
/// <item>message storage in PostgreSQL (<c>PersistMessagesWithPostgresql</c>, schema <see cref="Schema"/>
/// in the bench database, on the same <see cref="NpgsqlDataSource"/> as the commands and handlers);
/// Wolverine creates its tables at start-up.</item>
/// <item><c>MultipleHandlerBehavior.Separated</c>: each subscriber of OrderPlaced is its own handler
/// chain with its own local queue, so it fails, retries and dead-letters on its own.</item>
/// <item><c>UseDurableLocalQueues</c>: every local queue is durable, i.e. a published event is an
/// inbox row per subscriber (<c>wolverine_incoming_envelopes</c>), written in the publishing
/// transaction, handed to the in-process queue once that has committed, recovered from the table
/// after a crash.</item>
/// <item><see cref="ParallelMessagesPerQueue"/> messages at a time per local queue (default 1 =
/// <c>Sequential()</c>: four queues, four messages in flight, as our four workers with one lane each).</item>
/// <item>a publish enlists the command's Npgsql transaction as the outbox
/// (<c>DatabaseEnvelopeTransaction</c> + <c>EnlistInOutboxAsync</c>), commits, then flushes;
/// a handler marks its inbox row handled in its own insert's transaction (<see cref="HandlerTransaction"/>).</item>
/// <item>everything else at Wolverine's defaults: durability mode Balanced (node records, health
/// checks, leader-assigned agents), no error rules (a handler that throws goes to
/// <c>wolverine_dead_letters</c> on its first failure), the polling intervals, System.Text.Json,
/// handler wrappers compiled with Roslyn at start-up (WolverineFx.RuntimeCompilation).</item>
/// </list>
/// <para>Unlike ours, nothing orders one aggregate's events per subscriber beyond a Sequential
/// queue's in-memory order (publishers flush after their commits, so concurrent commands may
/// swap), and after a crash the dead node's envelopes wait until Wolverine ejects it as stale
/// (<c>StaleNodeTimeout</c> 60 s, two health checks 10 s apart) while newer events run at once;
/// <c>crash-check</c> (CrashCheck.cs) measures that.</para>
/// </summary>
internal sealed class WolverineBus : IBusUnderTest
{
    /// <summary>Wolverine's own schema in the bench database.</summary>
    public const string Schema = "wolverine";

    private IHost? host;
    private NpgsqlDataSource? dataSource;

    public string Name => "wolverine";

    public string Description { get; private set; } = "WolverineFx 6.64.2 with WolverineFx.Postgresql";

    /// <summary>Messages in flight per local queue: $CRM_BENCH_WOLVERINE_PARALLEL, default 1.</summary>
    private static int ParallelMessagesPerQueue =>
        int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_WOLVERINE_PARALLEL"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    public async Task StartAsync(string connectionString, BoardPushes pushes, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        dataSource = NpgsqlDataSource.Create(connectionString);
        var parallel = ParallelMessagesPerQueue;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(pushes);
        builder.Services.AddSingleton<HandlerTransaction>();
        builder.UseWolverine(opts =>
        {
            opts.PersistMessagesWithPostgresql(dataSource, Schema);
            opts.MultipleHandlerBehavior = MultipleHandlerBehavior.Separated;
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.AllLocalQueues(q =>
            {
                if (parallel == 1)
                {
                    q.Sequential();
                }
                else
                {
                    q.MaximumParallelMessages(parallel);
                }
            });
            opts.Discovery.DisableConventionalDiscovery()
                .IncludeType<RecordInLedgerHandler>()
                .IncludeType<NotifySalesRepHandler>()
                .IncludeType<WriteAuditTrailHandler>()
                .IncludeType<PushToBoardHandler>();
        });
        host = builder.Build();
        await host.StartAsync(ct);

        var startup = Stopwatch.GetElapsedTime(started);
        var options = Runtime.Options;
        var durability = options.Durability;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[bench] wolverine started in {startup.TotalSeconds:0.0} s; defaults in force: health check every {durability.HealthCheckPollingTime.TotalSeconds:0.#} s, " +
            $"a node is stale after {durability.StaleNodeTimeout.TotalSeconds:0.#} s and ejected after {durability.StaleNodeEjectionThreshold} stale checks, " +
            $"recovery batch {durability.RecoveryBatchSize}, handled rows kept {durability.KeepAfterMessageHandling.TotalMinutes:0.#} min, " +
            $"handler timeout {options.DefaultExecutionTimeout.TotalSeconds:0.#} s, maximum attempts {((IWithFailurePolicies)options).Failures.MaximumAttempts?.ToString(CultureInfo.InvariantCulture) ?? "(none set)"}"));
        Description = string.Create(CultureInfo.InvariantCulture,
            $"WolverineFx 6.64.2 + WolverineFx.Postgresql: PostgreSQL message storage (schema {Schema}), MultipleHandlerBehavior.Separated, " +
            $"durable local queues ({(parallel == 1 ? "Sequential" : $"{parallel} parallel messages")} per queue, 4 queues), " +
            $"publish enlisted in the command's Npgsql transaction (DatabaseEnvelopeTransaction), handler insert + inbox mark in one transaction, " +
            $"durability mode {options.Durability.Mode}, no error rules (dead letter on first failure), runtime Roslyn codegen, other settings default; " +
            $"start-up {startup.TotalSeconds:0.0} s");
    }

    public Task PublishOrderPlacedAsync(Guid orderId, string phase, CancellationToken ct) =>
        CommandAsync(BenchTables.InsertOrderSql, orderId, phase, new BenchOrderPlaced(orderId, phase), ct);

    public Task PublishDealMovedAsync(Guid moveId, string phase, CancellationToken ct) =>
        CommandAsync(BenchTables.InsertMoveSql, moveId, phase, new BenchDealMoved(moveId, phase), ct);

    /// <summary>
    /// A command: begin, enlist the transaction as Wolverine's outbox, change, publish (an inbox row
    /// per subscriber's durable local queue, in this transaction), commit, then flush (hands the
    /// envelopes to the local queues in memory). A rollback discards the envelopes with the row.
    /// </summary>
    private async Task CommandAsync(string sql, Guid id, string phase, object message, CancellationToken ct)
    {
        var context = new MessageContext(Runtime);
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await context.EnlistInOutboxAsync(new DatabaseEnvelopeTransaction((IMessageDatabase)Runtime.Storage, tx));
        await conn.ExecuteAsync(new CommandDefinition(sql, new { Id = id, Phase = phase }, tx, cancellationToken: ct));
        await context.PublishAsync(message);
        await tx.CommitAsync(ct);
        await context.FlushOutgoingMessagesAsync();
    }

    /// <summary>Messages Wolverine gave up on: its dead-letter table.</summary>
    public async Task<long> FailuresAsync(CancellationToken ct)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            $"select count(*) from {Schema}.wolverine_dead_letters", cancellationToken: ct));
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

    private IWolverineRuntime Runtime =>
        host?.Services.GetRequiredService<IWolverineRuntime>() ?? throw new InvalidOperationException("The bus is not started.");

    private NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("The bus is not started.");
}
