using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Jobs;

/// <summary>A module's queued background jobs (its imports, its bulk jobs) as their worker runs them.</summary>
public interface IQueuedJobRunner
{
    /// <summary>Whether this instance runs these jobs.</summary>
    bool Enabled { get; }

    /// <summary>How often to look for jobs queued on another instance.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>Claims the next job that is waiting or whose claim has lapsed; null when there is none.</summary>
    Task<Guid?> ClaimAsync(CancellationToken ct);

    /// <summary>Runs a claimed job until it has ended.</summary>
    Task RunAsync(Guid id, CancellationToken ct);
}

/// <summary>
/// Runs a module's queued background jobs (imports, bulk changes), one at a time per instance: at start it
/// picks up any job left unfinished (by a restart or a crash: the job's committed progress says where),
/// then each one queued, woken by the <see cref="WorkSignal{TWork}"/> on this instance and by polling for
/// those queued on another. A failure of the loop itself is logged and the loop goes on after a poll.
/// </summary>
/// <typeparam name="TRunner">The module's runner of the kind of work, as its signal names it.</typeparam>
public sealed class QueuedJobWorker<TRunner>(TRunner runner, WorkSignal<TRunner> signal, ILogger<QueuedJobWorker<TRunner>> logger)
    : BackgroundService
    where TRunner : IQueuedJobRunner
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!runner.Enabled)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await runner.ClaimAsync(stoppingToken) is { } id)
                {
                    await runner.RunAsync(id, stoppingToken);
                }
                await signal.WaitAsync(runner.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The {Worker} failed; it tries again", $"worker of {typeof(TRunner).Name}");
                await Task.Delay(runner.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
