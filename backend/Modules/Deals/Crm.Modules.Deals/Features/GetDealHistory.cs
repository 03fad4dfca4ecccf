using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>A deal's stage changes, oldest first (creation is the first, from null), with the stages' current names.</summary>
internal static class GetDealHistory
{
    public sealed record Entry(
        Guid? FromStageId, string? FromStageName, Guid ToStageId, string? ToStageName, DateTimeOffset ChangedAt, Guid ChangedBy);

    public sealed record Query(Guid Id) : IQuery<IReadOnlyList<Entry>>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<Entry>>
    {
        public async ValueTask<IReadOnlyList<Entry>> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            if (!await conn.ExecuteScalarAsync<bool>(
                    "select exists (select 1 from deals.deals where id = @Id and deleted_at is null)", new { query.Id }))
            {
                throw DealAccess.NotFound();
            }
            return (await conn.QueryAsync<Entry>(
                """
                select h.from_stage_id as FromStageId, f.name as FromStageName, h.to_stage_id as ToStageId, t.name as ToStageName,
                       h.changed_at as ChangedAt, h.changed_by as ChangedBy
                from deals.stage_history h
                left join deals.stages f on f.id = h.from_stage_id
                left join deals.stages t on t.id = h.to_stage_id
                where h.deal_id = @Id
                order by h.id
                """,
                new { query.Id })).AsList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/{id:guid}/history", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .WithName(nameof(GetDealHistory))
                .WithTags("Deals")
                .WithSummary("A deal's stage history, oldest first")
                .Produces<IReadOnlyList<Entry>>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
