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
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Modules.Pipelines.Features;

/// <summary>
/// A supervisor removes a stage. The won and lost stages and the last open stage stay (400).
/// Whether deals still stand in it is Deals' knowledge, so removal is a hand-off (ADR 0007): the
/// stage is marked as under a removal request (StageRemovalRequested; no deal may enter it from
/// then on), Deals answers, and FinishStageRemoval removes the stage or keeps it. The request waits
/// for that answer (Bus:CatchUpTimeout at most): 204 removed, 409 deals stand in it, 202 still pending.
/// </summary>
internal static class RemoveStage
{
    /// <summary>Puts the stage under a removal request (a new one, or the one it already is under) and returns it.</summary>
    public sealed record Command(Guid PipelineId, Guid StageId) : ICommand<int>;

    internal sealed class Handler(DbSession db, IEventPublisher events) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var pipelineKind = await PipelineGuards.LockPipelineAsync(conn, command.PipelineId);
            var stages = (await conn.QueryAsync<StageKind>(
                """
                select id as Id, kind as Kind, removal_request as RemovalRequest
                from pipelines.stages where pipeline_id = @PipelineId order by position
                """,
                new { command.PipelineId })).AsList();
            var stage = stages.Find(s => s.Id == command.StageId) ?? throw PipelineGuards.StageNotFound();
            if (stage.RemovalRequest is { } pending)
            {
                return pending;
            }
            if (stage.Kind is StageKinds.Won or StageKinds.Lost)
            {
                throw new FieldValidationException("stageId", T.Pick(
                    "Успешный и проигранный этапы удалить нельзя",
                    "The won and lost stages cannot be removed"));
            }
            // Stages already being removed count as gone: two removals at once must leave a valid pipeline.
            var remaining = stages.Where(s => s.Id != stage.Id && s.RemovalRequest is null).Select(s => s.Kind).ToList();
            if (StageLayout.Check(pipelineKind, remaining) is { } wrong)
            {
                throw new FieldValidationException("stageId", wrong);
            }
            // The request is named by the pipeline's version after this change.
            var request = await conn.ExecuteScalarAsync<int>(
                """
                update pipelines.pipelines set version = version + 1 where id = @PipelineId returning version;
                """,
                new { command.PipelineId });
            await conn.ExecuteAsync(
                "update pipelines.stages set removal_request = @request, refused_request = null, refused_deal_count = null where id = @StageId", new { command.StageId, request });
            await events.PublishAsync(
                new StageRemovalRequested(await PipelineStates.ReadAsync(conn, command.PipelineId), command.StageId), ct);
            return request;
        }
    }

    private sealed record StageKind(Guid Id, string Kind, int? RemovalRequest);

    private sealed record Outcome(int? RemovalRequest, int? RefusedRequest, int? RefusedDealCount);

    /// <summary>Waits for Deals' answer to the request, reading the stage's own row (no other module's).</summary>
    internal static async Task<IResult> AnswerAsync(
        NpgsqlDataSource dataSource, TimeSpan timeout, Guid pipelineId, Guid stageId, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            await using (var conn = await dataSource.OpenConnectionAsync(ct))
            {
                var outcome = await conn.QuerySingleOrDefaultAsync<Outcome>(
                    """
                    select removal_request as RemovalRequest, refused_request as RefusedRequest, refused_deal_count as RefusedDealCount
                    from pipelines.stages where id = @stageId
                    """,
                    new { stageId });
                if (outcome is null)
                {
                    return Results.NoContent();
                }
                if (outcome.RemovalRequest is null)
                {
                    throw new ConcurrencyConflictException(T.Pick(
                        $"В этапе ещё есть сделки ({outcome.RefusedDealCount ?? 0}). Сначала перенесите их в другой этап.",
                        $"The stage still holds deals ({outcome.RefusedDealCount ?? 0}). Move its deals to another stage first."));
                }
                if (DateTime.UtcNow >= deadline)
                {
                    return Results.Accepted($"/api/pipelines/{pipelineId}", await PipelineReader.LoadStageAsync(conn, stageId));
                }
            }
            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/pipelines/{id:guid}/stages/{stageId:guid}",
                    async (Guid id, Guid stageId, ISender sender, NpgsqlDataSource dataSource, IOptions<BusOptions> bus, CancellationToken ct) =>
                    {
                        await sender.Send(new Command(id, stageId), ct);
                        return await AnswerAsync(dataSource, bus.Value.CatchUpTimeout, id, stageId, ct);
                    })
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(RemoveStage))
                .WithTags("Pipelines")
                .WithSummary("Remove a stage (admin, head of sales): 204 removed, 409 while deals stand in it, 202 while Deals has not answered yet")
                .Produces(StatusCodes.Status204NoContent)
                .Produces<StageResponse>(StatusCodes.Status202Accepted)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
