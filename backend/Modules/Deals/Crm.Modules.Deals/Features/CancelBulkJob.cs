using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Its author (or a head of sales or an admin) stops a bulk change: the job stops before its next chunk; the deals already
/// changed stay changed, and the report says how many.
/// </summary>
internal static class CancelBulkJob
{
    public sealed record Command(Guid Id) : IRequest<BulkJobResponse>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : IRequestHandler<Command, BulkJobResponse>
    {
        public async ValueTask<BulkJobResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await BulkJobs.ReadAsync(conn, command.Id, currentUser);
            await conn.ExecuteAsync(
                """
                update deals.bulk_jobs set cancel_requested = true, updated_at = @Now,
                    status = case when status = 'queued' then 'cancelled' else status end,
                    finished_at = case when status = 'queued' then @Now else finished_at end
                where id = @Id and status in ('queued', 'running')
                """,
                new { command.Id, Now = clock.GetUtcNow() });
            return await BulkJobs.ReadAsync(conn, command.Id, currentUser);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/bulk-jobs/{id:guid}/cancel", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id), ct)))
                .WithName(nameof(CancelBulkJob))
                .WithTags("Deals")
                .WithSummary("Stop a bulk change before its next chunk")
                .Produces<BulkJobResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
