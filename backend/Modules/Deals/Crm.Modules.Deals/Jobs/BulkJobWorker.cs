using Crm.BuildingBlocks.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Deals.Jobs;

/// <summary>Runs the bulk change jobs in the background (<see cref="QueuedJobWorker{TWork}"/>), one at a time per instance.</summary>
internal sealed class BulkJobWorker(
    BulkJobRunner runner, WorkSignal<BulkJobRunner> signal, IOptions<BulkJobOptions> options, ILogger<BulkJobWorker> logger)
    : QueuedJobWorker<BulkJobRunner>(signal, logger)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task<Guid?> ClaimAsync(CancellationToken ct) => runner.ClaimAsync(ct);

    protected override Task RunAsync(Guid id, CancellationToken ct) => runner.RunAsync(id, ct);
}
