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
/// A user stops a deals import: one still waiting is cancelled at once; a running one stops at its next batch
/// (the deals already committed stay, as the report says). An import that has ended is left as it is.
/// </summary>
internal static class CancelDealImport
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await DealImports.EnsureVisibleAsync(conn, command.Id, currentUser);
            // Not waiting for a running batch's lock: the flag is read by the next batch.
            await conn.ExecuteAsync(
                """
                update deals.imports
                set cancel_requested = true, updated_at = @Now,
                    status = case when status = 'queued' and lease_until is null then 'cancelled' else status end,
                    finished_at = case when status = 'queued' and lease_until is null then @Now else finished_at end,
                    content = case when status = 'queued' and lease_until is null then null else content end
                where id = @Id and status in ('queued', 'running')
                """,
                new { command.Id, Now = clock.GetUtcNow() });
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/imports/{id:guid}/cancel", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .WithName(nameof(CancelDealImport))
                .WithTags("Deals")
                .WithSummary("Cancel a deals import (at its next batch when running)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
