using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// The instance's delivery loop: a pool of workers taking handler lanes with work, woken by
/// PostgreSQL's NOTIFY (sent on commit by whichever instance published) and by a poll that is the
/// safety net (start-up, a lost listen connection, retries that came due, another instance's crash).
/// The poll also leaves dead, for an admin, what waits for a handler no running build has.
/// </summary>
internal sealed class DeliveryWorkers(
    BusConnections dataSource,
    HandlerLanes lanes,
    EventDelivery delivery,
    LegacyPendingEvents legacy,
    EventRegistry registry,
    DeadDeliveries deadDeliveries,
    BusMetrics metrics,
    IOptions<BusOptions> options,
    ILogger<DeliveryWorkers> logger) : BackgroundService
{
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long nextStatisticsCheck;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await legacy.AdoptAsync(stoppingToken);
        var listen = ListenAsync(stoppingToken);
        // Poll only once listening, so nothing committed in between is missed by both.
        await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(5), stoppingToken));
        var workers = Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => WorkAsync(stoppingToken));
        await Task.WhenAll([listen, PollAsync(stoppingToken), .. workers]);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            string handler;
            try
            {
                handler = await lanes.TakeAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var more = false;
            try
            {
                var delivered = await delivery.DeliverCountAsync(handler, ct);
                more = delivered > 0; // see EventDelivery.DeliverBatchAsync
                if (delivered == options.Value.BatchSize)
                {
                    await RefreshStatisticsIfOutgrownAsync(ct);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The batch rolled back whole (e.g. the connection broke): its deliveries are untouched
                // and unlocked; the poll brings the lane back.
                logger.LogError(ex, "Delivering to {Handler} failed", handler);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                lanes.Done(handler, more);
            }
        }
    }

    /// <summary>
    /// A burst grows bus.deliveries from a few rows to thousands within seconds, long before
    /// autovacuum analyzes it again; planned from the old statistics, the claim's check of earlier
    /// deliveries of an aggregate walks the lane instead of looking the aggregate up. While lanes
    /// have full batches, at most once a second per instance, the table is analyzed when it has
    /// outgrown its statistics (ANALYZE of a few thousand rows takes milliseconds).
    /// </summary>
    private async Task RefreshStatisticsIfOutgrownAsync(CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref nextStatisticsCheck);
        if (now < due || Interlocked.CompareExchange(ref nextStatisticsCheck, now + 1000, due) != due)
        {
            return;
        }
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var (rows, estimated) = await conn.QuerySingleAsync<(long, float)>(new CommandDefinition(
                "select (select count(*) from bus.deliveries), (select reltuples from pg_class where oid = 'bus.deliveries'::regclass)",
                cancellationToken: ct));
            if (rows >= 1000 && rows > 2 * Math.Max(estimated, 0))
            {
                await conn.ExecuteAsync(new CommandDefinition("analyze bus.deliveries", cancellationToken: ct));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Refreshing the statistics of bus.deliveries failed");
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                conn.Notification += (_, e) =>
                {
                    foreach (var handler in OutboxPublisher.Woken(e.Payload))
                    {
                        lanes.Wake(handler);
                    }
                };
                await conn.ExecuteAsync($"listen {OutboxPublisher.Channel}");
                try
                {
                    listening.TrySetResult();
                    lanes.WakeAll(); // whatever was committed while not listening
                    while (!ct.IsCancellationRequested)
                    {
                        await conn.WaitAsync(ct);
                    }
                }
                finally
                {
                    // pooled connections are not reset (ConnectionPool): this one must not go back still listening
                    if (conn.State == System.Data.ConnectionState.Open)
                    {
                        await conn.ExecuteAsync($"unlisten {OutboxPublisher.Channel}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for new events failed; polling until it is back");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                var rows = await conn.QueryAsync<(string Handler, long Due, long Pending, long Dead)>(new CommandDefinition(
                    """
                    select handler, count(*) filter (where not dead and next_attempt_at <= now()),
                           count(*) filter (where not dead), count(*) filter (where dead)
                    from bus.deliveries group by handler
                    """,
                    cancellationToken: ct));
                var byHandler = rows.ToList();
                metrics.Backlog(byHandler.ToDictionary(r => r.Handler, r => (r.Pending, r.Dead)));
                foreach (var row in byHandler.Where(r => r.Due > 0))
                {
                    lanes.Wake(row.Handler);
                }
                // Left by a build that had these handlers; none of ours will ever take them.
                foreach (var row in byHandler.Where(r => r.Pending > 0 && !registry.IsHandler(r.Handler)))
                {
                    await deadDeliveries.GiveUpOnUnknownHandlerAsync(conn, row.Handler, ct);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Looking for due deliveries failed");
            }
        }
        while (await WaitAsync(timer, ct));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
