using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The totals of a deals table view on their own: how many deals the filters select and their budget
/// per currency. The table shows a view's rows from <c>GET /api/deals?totals=false</c> at once and asks
/// these beside it, so a filter no index serves (a custom field's range) never holds the rows up while
/// every matching deal is counted.
/// </summary>
internal static class GetDealTableTotals
{
    public sealed record Totals(long Total, IReadOnlyList<DealTableQuery.BudgetSum> BudgetSums);

    /// <param name="Filters">The <c>f.&lt;column&gt;</c> query parameters, by column.</param>
    public sealed record Query(Guid? PipelineId, IReadOnlyDictionary<string, string> Filters) : IQuery<Totals>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, Totals>
    {
        public async ValueTask<Totals> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var customFields = await DealTableQuery.CustomFieldsAsync(conn);
            var totals = await new DealTableQuery(query.PipelineId, null, query.Filters, customFields).TotalsAsync(conn);
            return new Totals(totals.Count, totals.BudgetSums);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/totals", async (Guid? pipelineId, HttpRequest request, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(pipelineId, ColumnFilters.Of(request.Query)), ct)))
                .WithName(nameof(GetDealTableTotals))
                .WithTags("Deals")
                .WithSummary("The count and budget sums of what a deals table view selects")
                .WithDescription("The same pipelineId and f.<column> filters as GET /api/deals (sort, after and limit are not needed). See docs/pipelines-deals-api.md, \"The deals table\".")
                .Produces<Totals>()
                .ProducesValidationProblem();
    }
}
