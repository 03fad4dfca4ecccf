using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// Runs the fills of new copies (<see cref="Republishing.FillNewCopy{TState, THandler}"/>) one after another in the
/// background once the host runs, so that a start on a big database listens at once instead of republishing millions
/// of records first: liveness answers, readiness says which copies are still being filled (<see cref="Pending"/>). A
/// fill that fails (the database away) is tried again, waiting longer each time, until it is done or the host stops;
/// one cut off by a stop is done again on the next start (<c>bus.copy_fills</c>).
/// </summary>
public sealed class CopyFills(ILogger<CopyFills> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(1);

    private readonly Channel<Fill> queue = Channel.CreateUnbounded<Fill>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<string> pending = [];
    private TaskCompletionSource idle = Done();

    /// <summary>The copies ("schema.table") queued or being filled, in order.</summary>
    public IReadOnlyList<string> Pending
    {
        get
        {
            lock (pending)
            {
                return [.. pending];
            }
        }
    }

    /// <summary>Completes when no fill is queued or running (at once when none is).</summary>
    public Task WhenIdleAsync()
    {
        lock (pending)
        {
            return idle.Task;
        }
    }

    internal void Enqueue(string copyTable, Func<CancellationToken, Task<int>> run)
    {
        lock (pending)
        {
            if (pending.Count == 0)
            {
                idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            pending.Add(copyTable);
        }
        queue.Writer.TryWrite(new Fill(copyTable, run));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var fill in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await RunAsync(fill, stoppingToken);
            lock (pending)
            {
                pending.Remove(fill.CopyTable);
                if (pending.Count == 0)
                {
                    idle.TrySetResult();
                }
            }
        }
    }

    private async Task RunAsync(Fill fill, CancellationToken ct)
    {
        var wait = FirstRetry;
        while (true)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var published = await fill.Run(ct);
                if (published > 0)
                {
                    logger.LogInformation("Filled the new copy {Copy}: {Published} events published in {Seconds:0.0} s",
                        fill.CopyTable, published, Stopwatch.GetElapsedTime(started).TotalSeconds);
                }
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.Log(ex is NpgsqlException or TimeoutException ? LogLevel.Warning : LogLevel.Error, ex,
                    "Filling the new copy {Copy} failed; trying again in {Wait}", fill.CopyTable, wait);
                await Task.Delay(wait, ct);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private static TaskCompletionSource Done()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private sealed record Fill(string CopyTable, Func<CancellationToken, Task<int>> Run);
}
