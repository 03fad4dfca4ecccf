using System.Text.Json;
using Crm.BuildingBlocks.Jobs;
using Crm.Modules.Tasks.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Tasks.Jobs;

/// <summary>
/// Runs the bulk plans (<see cref="BulkJobs"/>, tasks.bulk_jobs): each chunk's tasks are planned by
/// <see cref="BulkPlan"/> acting for the job's author, in one transaction with the chunk's progress, so a worker
/// stopped mid-chunk leaves none of its tasks and whoever runs the job next plans that chunk once.
/// </summary>
internal sealed class BulkPlanRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<BulkJobOptions> options, ILogger<BulkPlanRunner> logger)
    : BulkJobRunner(scopes, clock, options.Get(TasksModule.ModuleName), logger)
{
    protected override string Schema => "tasks";

    protected override bool OneTransaction => true;

    protected override async Task<BulkResult> RunChunkAsync(IServiceProvider services, string command, Guid[] ids, CancellationToken ct) =>
        await services.GetRequiredService<BulkPlan>().PlanAsync(JsonSerializer.Deserialize<BulkPlan.JobCommand>(command, BulkJobs.Json)!.Task, ids, ct);
}
