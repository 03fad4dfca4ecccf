using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user stops an import: one still waiting is cancelled at once; a running one stops at its next batch
/// (the rows already committed stay, as the report says). An import that has ended is left as it is.
/// </summary>
internal static class CancelImport
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await GetImport.EnsureVisibleAsync(conn, command.Id, currentUser);
            // Not waiting for a running batch's lock: the flag is read by the next batch.
            await conn.ExecuteAsync(
                """
                update directory.imports
                set cancel_requested = true, updated_at = @Now,
                    status = case when status = 'queued' and lease_until is null then 'cancelled' else status end,
                    finished_at = case when status = 'queued' and lease_until is null then @Now else finished_at end
                where id = @Id and status in ('queued', 'running')
                """,
                new { command.Id, Now = clock.GetUtcNow() });
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/directory/imports/{id:guid}/cancel", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .WithName(nameof(CancelImport))
                .WithTags("Directory")
                .WithSummary("Cancel an import (at its next batch when running)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
