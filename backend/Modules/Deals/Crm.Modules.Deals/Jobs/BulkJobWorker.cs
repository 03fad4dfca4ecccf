using Crm.BuildingBlocks.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Deals.Jobs;

/// <summary>
/// Runs the bulk change jobs in the background: at start it picks up any job left unfinished (by a restart
/// or a crash: the committed progress says where), then each one started, woken by the signal on this
/// instance and by polling for those started on another. One job at a time per instance.
/// </summary>
internal sealed class BulkJobWorker(
    BulkJobRunner runner, WorkSignal<BulkJobRunner> signal, IOptions<BulkJobOptions> options, ILogger<BulkJobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Worker)
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
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The bulk change worker failed; it tries again");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
