using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Crm.BuildingBlocks.Tables;
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
            await ImportJobs.EnsureVisibleAsync(conn, "deals", command.Id, currentUser);
            await ImportJobs.CancelAsync(conn, "deals", command.Id, clock.GetUtcNow());
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
