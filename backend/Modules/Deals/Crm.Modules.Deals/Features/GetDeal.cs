using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>One deal for its card; everyone signed in reads every deal.</summary>
internal static class GetDeal
{
    public sealed record Query(Guid Id) : IQuery<DealResponse>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await conn.QuerySingleOrDefaultAsync<DealRow>(
                $"select {DealRow.Columns} from deals.deals where id = @Id and deleted_at is null", new { query.Id })
                ?? throw DealAccess.NotFound();
            return await deal.ToResponseAsync(conn);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .WithName(nameof(GetDeal))
                .WithTags("Deals")
                .WithSummary("A deal")
                .Produces<DealResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
