using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
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

/// <summary>A supervisor renames or recolours a stage or changes its win probability; a stale version is refused (409).</summary>
internal static class UpdateStage
{
    public sealed record Body(string Name, string Color, int Probability, int Version);

    public sealed record Command(Guid PipelineId, Guid StageId, string Name, string Color, int Probability, int Version)
        : ICommand<StageResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidName();
            RuleFor(c => c.Color).ValidColor();
            RuleFor(c => c.Probability).ValidProbability();
        }
    }

    internal sealed class Handler(DbSession db, IEventPublisher events) : ICommandHandler<Command, StageResponse>
    {
        public async ValueTask<StageResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await PipelineGuards.LockPipelineAsync(conn, command.PipelineId);
            var version = await conn.QuerySingleOrDefaultAsync<int?>(
                "select version from pipelines.stages where id = @StageId and pipeline_id = @PipelineId", new { command.StageId, command.PipelineId })
                ?? throw PipelineGuards.StageNotFound();
            if (version != command.Version)
            {
                throw PipelineGuards.StaleStage();
            }
            var name = PipelineRules.NormalizeName(command.Name);
            if (await StageNames.TakenAsync(conn, command.PipelineId, name, except: command.StageId))
            {
                throw new FieldValidationException("name", StageNames.Taken());
            }
            await conn.ExecuteAsync(
                """
                update pipelines.stages
                set name = @name, color = @Color, probability = @Probability, version = version + 1
                where id = @StageId
                """,
                new { command.StageId, name, command.Color, command.Probability });
            await events.PublishAsync(new StageUpdated(await PipelineStates.RaiseAsync(conn, command.PipelineId), command.StageId), ct);
            return await PipelineReader.LoadStageAsync(conn, command.StageId);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/pipelines/{id:guid}/stages/{stageId:guid}", async (Guid id, Guid stageId, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, stageId, body.Name, body.Color, body.Probability, body.Version), ct)))
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(UpdateStage))
                .WithTags("Pipelines")
                .WithSummary("Rename or recolour a stage, or change its win probability (admin, head of sales)")
                .Produces<StageResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
