using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// One deal for its card; everyone signed in reads every deal. A deal another module's event is opening
/// (an accepted request's: Inbox answers with its id at once) is waited for while that event is on its
/// way to Deals (read-your-writes), so the card opened right after «Принять» finds it.
/// </summary>
internal static class GetDeal
{
    public sealed record Query(Guid Id) : IQuery<DealResponse>;

    internal sealed class Handler(DbSession db, EventCatchUp catchUp) : IQueryHandler<Query, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await ReadAsync(conn, query.Id);
            if (deal is null)
            {
                await catchUp.WaitAsync(DealsModule.ModuleName, query.Id, ct);
                deal = await ReadAsync(conn, query.Id);
            }
            return await (deal ?? throw DealAccess.NotFound()).ToResponseAsync(conn);
        }
    }

    private static Task<DealRow?> ReadAsync(System.Data.IDbConnection conn, Guid id) =>
        conn.QuerySingleOrDefaultAsync<DealRow>($"select {DealRow.Columns} from deals.deals where id = @id and deleted_at is null", new { id });

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
