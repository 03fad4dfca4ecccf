using System.Text.Json;
using Crm.BuildingBlocks.Jobs;
using Crm.Modules.Deals.Features;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Deals.Jobs;

/// <summary>
/// Runs the deals' bulk change jobs (<see cref="BulkJobs"/>, deals.bulk_jobs): each chunk goes through
/// BulkChangeDeals acting for the job's author, each deal in its own transaction as that use case does, then
/// the progress is committed. A chunk cut off is gone through again by whoever runs the job next: a deal
/// already given or moved counts as unchanged, one already deleted as refused ("not found").
/// </summary>
internal sealed class BulkChangeRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<BulkJobOptions> options, ILogger<BulkChangeRunner> logger)
    : Crm.BuildingBlocks.Jobs.BulkJobRunner(scopes, clock, options.Get(DealsModule.ModuleName), logger)
{
    protected override string Schema => "deals";

    protected override bool OneTransaction => false;

    protected override async Task<BulkResult> RunChunkAsync(IServiceProvider services, string command, Guid[] ids, CancellationToken ct) =>
        await services.GetRequiredService<ISender>().Send(
            JsonSerializer.Deserialize<BulkChangeDeals.Command>(command, BulkJobs.Json)! with { Ids = ids }, ct);
}
