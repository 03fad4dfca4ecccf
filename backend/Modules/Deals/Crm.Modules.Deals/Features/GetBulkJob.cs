using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>A bulk change job's progress and report, for its author (or a head of sales or an admin).</summary>
internal static class GetBulkJob
{
    public sealed record Query(Guid Id) : IQuery<BulkJobResponse>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, BulkJobResponse>
    {
        public async ValueTask<BulkJobResponse> Handle(Query query, CancellationToken ct) =>
            await BulkJobs.ReadAsync(await db.ConnectionAsync(ct), query.Id, currentUser);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/bulk-jobs/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .WithName(nameof(GetBulkJob))
                .WithTags("Deals")
                .WithSummary("A bulk change's progress and report")
                .Produces<BulkJobResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
