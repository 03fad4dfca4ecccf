using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Pipelines.Contracts;
using Crm.Modules.Pipelines.Model;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Pipelines.Features;

/// <summary>
/// A supervisor puts the stages of a pipeline in a new order. The list names every stage of the
/// pipeline once (a stage added meanwhile makes it incomplete: 400), and the order keeps the layout rules.
/// </summary>
internal static class ReorderStages
{
    public sealed record Body(IReadOnlyList<Guid> StageIds);

    public sealed record Command(Guid PipelineId, IReadOnlyList<Guid> StageIds) : ICommand<PipelineResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.StageIds)
                .Must(ids => ids is { Count: > 0 }).WithMessage(_ => T.Pick("Перечислите этапы воронки", "List the stages of the pipeline"))
                .Must(ids => ids is null || ids.Distinct().Count() == ids.Count)
                .WithMessage(_ => T.Pick("Этап указан в списке дважды", "A stage is listed twice"));
    }

    internal sealed class Handler(DbSession db, IEventPublisher events) : ICommandHandler<Command, PipelineResponse>
    {
        public async ValueTask<PipelineResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var pipelineKind = await PipelineGuards.LockPipelineAsync(conn, command.PipelineId);
            var kindOf = (await conn.QueryAsync<(Guid Id, string Kind)>(
                "select id, kind from pipelines.stages where pipeline_id = @PipelineId", new { command.PipelineId }))
                .ToDictionary(s => s.Id, s => s.Kind);
            var strangers = command.StageIds.Where(id => !kindOf.ContainsKey(id)).ToList();
            if (strangers.Count > 0)
            {
                throw new FieldValidationException("stageIds", T.Pick(
                    $"Этап {strangers[0]} не из этой воронки", $"Stage {strangers[0]} is not in this pipeline"));
            }
            if (command.StageIds.Count != kindOf.Count)
            {
                throw new FieldValidationException("stageIds", T.Pick(
                    "В списке должны быть все этапы воронки (возможно, их кто-то изменил: обновите страницу)",
                    "The list must hold every stage of the pipeline (someone may have changed them: reload)"));
            }
            if (StageLayout.Check(pipelineKind, command.StageIds.Select(id => kindOf[id]).ToList()) is { } wrong)
            {
                throw new FieldValidationException("stageIds", wrong);
            }
            await conn.ExecuteAsync(
                """
                update pipelines.stages s
                set position = o.ordinality - 1
                from unnest(@StageIds) with ordinality as o (id, ordinality)
                where s.id = o.id and s.position <> o.ordinality - 1
                """,
                new { StageIds = command.StageIds.ToArray() });
            await events.PublishAsync(new StagesReordered(await PipelineStates.RaiseAsync(conn, command.PipelineId)), ct);
            return await PipelineReader.LoadAsync(conn, command.PipelineId);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/pipelines/{id:guid}/stages/order", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.StageIds), ct)))
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(ReorderStages))
                .WithTags("Pipelines")
                .WithSummary("Put the stages of a pipeline in a new order (admin, head of sales)")
                .Produces<PipelineResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
