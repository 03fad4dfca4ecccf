using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Pipelines.Model;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Pipelines.Features;

/// <summary>Every pipeline in list order with its stages and their deal counts: the board, the switcher, the admin screen.</summary>
internal static class ListPipelines
{
    public sealed record Query(bool IncludeArchived) : IQuery<IReadOnlyList<PipelineResponse>>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<PipelineResponse>>
    {
        public async ValueTask<IReadOnlyList<PipelineResponse>> Handle(Query query, CancellationToken ct) =>
            await PipelineReader.ListAsync(await db.ConnectionAsync(ct), query.IncludeArchived);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/pipelines", async (ISender sender, CancellationToken ct, bool includeArchived = false) =>
                    Results.Ok(await sender.Send(new Query(includeArchived), ct)))
                .WithName(nameof(ListPipelines))
                .WithTags("Pipelines")
                .WithSummary("All pipelines in order, with their stages and deal counts (archived ones on request)")
                .Produces<IReadOnlyList<PipelineResponse>>();
    }
}
