using Carter;
using Crm.BuildingBlocks.Jobs;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Its author (or a head of sales or an admin) follows a bulk change's progress and report, and may stop it
/// before its next chunk (<c>/api/deals/bulk-jobs/{id}</c>, the shared building block over deals.bulk_jobs;
/// started by StartBulkJob).
/// </summary>
internal sealed class FollowBulkJob : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapBulkJobs("deals", "deals", "Deals");
}
