using Crm.BuildingBlocks.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Deals.Jobs;

/// <summary>Runs the deals imports in the background (<see cref="QueuedJobWorker{TWork}"/>), one at a time per instance.</summary>
internal sealed class DealImportWorker(
    DealImportRunner runner, WorkSignal<DealImportRunner> signal, IOptions<DealImportOptions> options, ILogger<DealImportWorker> logger)
    : QueuedJobWorker<DealImportRunner>(signal, logger)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task<Guid?> ClaimAsync(CancellationToken ct) => runner.ClaimAsync(ct);

    protected override Task RunAsync(Guid id, CancellationToken ct) => runner.RunAsync(id, ct);
}
