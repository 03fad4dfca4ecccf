using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Pipelines.Contracts;
using Crm.Modules.Pipelines.Model;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Pipelines.Features;

/// <summary>
/// DELETE of a pipeline archives it: its deals and their history stay, it leaves the switcher and
/// can be restored (UpdatePipeline). Archiving an archived pipeline changes nothing.
/// </summary>
internal static class ArchivePipeline
{
    public sealed record Command(Guid Id) : ICommand<Unit>;

    internal sealed class Handler(DbSession db, IEventPublisher events, TimeProvider clock) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var archived = await conn.ExecuteAsync(
                """
                update pipelines.pipelines
                set archived = true, updated_at = @now, version = version + 1
                where id = @Id and not archived
                """,
                new { command.Id, now = clock.GetUtcNow() });
            if (archived > 0)
            {
                await events.PublishAsync(new PipelineUpdated(await PipelineStates.ReadAsync(conn, command.Id)), ct);
            }
            else if (!await conn.ExecuteScalarAsync<bool>("select exists (select 1 from pipelines.pipelines where id = @Id)", new { command.Id }))
            {
                throw PipelineGuards.PipelineNotFound();
            }
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/pipelines/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(ArchivePipeline))
                .WithTags("Pipelines")
                .WithSummary("Archive a pipeline; it is never erased (admin, head of sales)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
