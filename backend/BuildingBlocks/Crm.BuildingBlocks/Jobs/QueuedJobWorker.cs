using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Jobs;

/// <summary>
/// Runs a module's queued background jobs (imports, bulk changes), one at a time per instance: at start it
/// picks up any job left unfinished (by a restart or a crash: the job's committed progress says where),
/// then each one queued, woken by the <see cref="WorkSignal{TWork}"/> on this instance and by polling for
/// those queued on another. A failure of the loop itself is logged and the loop goes on after a poll.
/// </summary>
/// <typeparam name="TWork">The kind of work, as its signal names it.</typeparam>
public abstract class QueuedJobWorker<TWork>(WorkSignal<TWork> signal, ILogger logger) : BackgroundService
{
    /// <summary>Whether this instance runs these jobs.</summary>
    protected abstract bool Enabled { get; }

    /// <summary>How often to look for jobs queued on another instance.</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Claims the next job that is waiting or whose claim has lapsed; null when there is none.</summary>
    protected abstract Task<Guid?> ClaimAsync(CancellationToken ct);

    /// <summary>Runs a claimed job until it has ended.</summary>
    protected abstract Task RunAsync(Guid id, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimAsync(stoppingToken) is { } id)
                {
                    await RunAsync(id, stoppingToken);
                }
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The {Worker} failed; it tries again", GetType().Name);
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
