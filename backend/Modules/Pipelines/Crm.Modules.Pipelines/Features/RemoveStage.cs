using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
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
/// A supervisor removes an empty stage; later stages move up. The won and lost stages and the last
/// open stage stay (400); a stage that still holds deals stays until they are moved (409).
/// </summary>
internal static class RemoveStage
{
    public sealed record Command(Guid PipelineId, Guid StageId) : ICommand<Unit>;

    internal sealed class Handler(DbSession db, IEventPublisher events) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var pipelineKind = await PipelineGuards.LockPipelineAsync(conn, command.PipelineId);
            var stages = (await conn.QueryAsync<StageKind>(
                "select id as Id, kind as Kind, position as Position from pipelines.stages where pipeline_id = @PipelineId order by position",
                new { command.PipelineId })).AsList();
            var stage = stages.Find(s => s.Id == command.StageId) ?? throw PipelineGuards.StageNotFound();
            if (stage.Kind is StageKinds.Won or StageKinds.Lost)
            {
                throw new FieldValidationException("stageId", T.Pick(
                    "Успешный и проигранный этапы удалить нельзя",
                    "The won and lost stages cannot be removed"));
            }
            var remaining = stages.Where(s => s.Id != stage.Id).Select(s => s.Kind).ToList();
            if (StageLayout.Check(pipelineKind, remaining) is { } wrong)
            {
                throw new FieldValidationException("stageId", wrong);
            }
            // Lock the count too, so a deal landing in the stage right now is either counted here or waits.
            var deals = await conn.ExecuteScalarAsync<int?>(
                "select deal_count from pipelines.stage_occupancy where stage_id = @StageId for update", new { command.StageId }) ?? 0;
            if (deals > 0)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    $"В этапе ещё есть сделки ({deals}). Сначала перенесите их в другой этап.",
                    $"The stage still holds deals ({deals}). Move its deals to another stage first."));
            }
            await conn.ExecuteAsync(
                """
                delete from pipelines.stage_occupancy where stage_id = @StageId;
                delete from pipelines.stages where id = @StageId;
                update pipelines.stages set position = position - 1 where pipeline_id = @PipelineId and position > @Position;
                """,
                new { command.StageId, command.PipelineId, stage.Position });
            await events.PublishAsync(new StageRemoved(command.PipelineId, command.StageId), ct);
            return Unit.Value;
        }
    }

    private sealed record StageKind(Guid Id, string Kind, int Position);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/pipelines/{id:guid}/stages/{stageId:guid}", async (Guid id, Guid stageId, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id, stageId), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(RemoveStage))
                .WithTags("Pipelines")
                .WithSummary("Remove an empty stage (admin, head of sales); 409 while it holds deals")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
