using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The ids of all the deals a table view selects (its pipeline and column filters, as GET /api/deals takes
/// them), up to 10,000: what the front end hands another module's bulk action on "all that the filter
/// selects" (plan a task on each: Tasks' POST /api/tasks/bulk-jobs). The same selection as a Deals bulk job's.
/// </summary>
internal static class ListDealIds
{
    /// <param name="Filters">The <c>f.&lt;column&gt;</c> query parameters, by column.</param>
    public sealed record Query(Guid? PipelineId, IReadOnlyDictionary<string, string> Filters) : IQuery<Response>;

    /// <param name="Ids">The deals' ids, in id order.</param>
    public sealed record Response(IReadOnlyList<Guid> Ids);

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var table = new DealTableQuery(query.PipelineId, null, query.Filters, await DealTableQuery.CustomFieldsAsync(conn));
            return new Response(await table.IdsAsync(conn, DealTableQuery.MaxSelected));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/ids", async (Guid? pipelineId, HttpRequest request, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(pipelineId, ColumnFilters.Of(request.Query)), ct)))
                .WithName(nameof(ListDealIds))
                .WithTags("Deals")
                .WithSummary("The ids of all the deals a table view selects (up to 10,000)")
                .WithDescription("The same pipelineId and f.<column> filters as GET /api/deals. More than 10,000: 400 on filters. See docs/pipelines-deals-api.md, \"The deals table\".")
                .Produces<Response>()
                .ProducesValidationProblem();
    }
}
