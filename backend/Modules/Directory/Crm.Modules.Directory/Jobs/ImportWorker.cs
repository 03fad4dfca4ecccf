using Crm.BuildingBlocks.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Directory.Jobs;

/// <summary>Runs the imports in the background (<see cref="QueuedJobWorker{TWork}"/>), one at a time per instance.</summary>
internal sealed class ImportWorker(ImportRunner runner, WorkSignal<ImportRunner> signal, IOptions<ImportOptions> options, ILogger<ImportWorker> logger)
    : QueuedJobWorker<ImportRunner>(signal, logger)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task<Guid?> ClaimAsync(CancellationToken ct) => runner.ClaimAsync(ct);

    protected override Task RunAsync(Guid id, CancellationToken ct) => runner.RunAsync(id, ct);
}
