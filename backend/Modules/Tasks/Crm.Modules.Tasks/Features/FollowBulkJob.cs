using Carter;
using Crm.BuildingBlocks.Jobs;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// Its author (or a head of sales or an admin) follows a bulk plan's progress and report, and may stop it before
/// its next chunk (<c>/api/tasks/bulk-jobs/{id}</c>, the shared building block over tasks.bulk_jobs; started by
/// StartBulkPlan).
/// </summary>
internal sealed class FollowBulkJob : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapBulkJobs("tasks", "tasks", "Tasks");
}
