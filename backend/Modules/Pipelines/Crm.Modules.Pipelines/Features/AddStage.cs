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
/// A supervisor adds a stage to a pipeline, by default just before its closing stages (an unsorted
/// stage goes first). A stage that would break the pipeline's layout is refused (400).
/// </summary>
internal static class AddStage
{
    public sealed record Body(string Name, string Color, string Kind, int Probability, int? Position);

    public sealed record Command(Guid PipelineId, string Name, string Color, string Kind, int Probability, int? Position)
        : ICommand<StageResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidName();
            RuleFor(c => c.Color).ValidColor();
            RuleFor(c => c.Kind).ValidStageKind();
            RuleFor(c => c.Probability).ValidProbability();
            RuleFor(c => c.Position).GreaterThanOrEqualTo(0)
                .WithMessage(_ => T.Pick("Позиция не может быть отрицательной", "The position cannot be negative"));
        }
    }

    internal sealed class Handler(DbSession db, IEventPublisher events) : ICommandHandler<Command, StageResponse>
    {
        public async ValueTask<StageResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var pipelineKind = await PipelineGuards.LockPipelineAsync(conn, command.PipelineId);
            var kinds = (await conn.QueryAsync<string>(
                "select kind from pipelines.stages where pipeline_id = @PipelineId order by position", new { command.PipelineId })).AsList();
            if (StageLayout.CheckNewKind(pipelineKind, command.Kind, kinds) is { } wrongKind)
            {
                throw new FieldValidationException("kind", wrongKind);
            }
            var name = PipelineRules.NormalizeName(command.Name);
            if (await StageNames.TakenAsync(conn, command.PipelineId, name, except: null))
            {
                throw new FieldValidationException("name", StageNames.Taken());
            }
            var position = command.Position ?? StageLayout.DefaultPosition(command.Kind, kinds);
            if (position > kinds.Count)
            {
                throw new FieldValidationException("position",
                    T.Pick($"Позиция: от 0 до {kinds.Count}", $"The position must be 0 to {kinds.Count}"));
            }
            kinds.Insert(position, command.Kind);
            if (StageLayout.Check(pipelineKind, kinds) is { } wrongPlace)
            {
                throw new FieldValidationException("position", wrongPlace);
            }
            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(
                """
                update pipelines.stages set position = position + 1 where pipeline_id = @PipelineId and position >= @position;
                insert into pipelines.stages (id, pipeline_id, name, color, kind, probability, position)
                values (@id, @PipelineId, @name, @Color, @Kind, @Probability, @position);
                insert into pipelines.stage_occupancy (stage_id) values (@id);
                """,
                new { id, command.PipelineId, name, command.Color, command.Kind, command.Probability, position });
            await events.PublishAsync(new StageAdded(await PipelineStates.RaiseAsync(conn, command.PipelineId), id), ct);
            return await PipelineReader.LoadStageAsync(conn, id);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/pipelines/{id:guid}/stages", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                {
                    var stage = await sender.Send(new Command(id, body.Name, body.Color, body.Kind, body.Probability, body.Position), ct);
                    return Results.Created($"/api/pipelines/{id}/stages/{stage.Id}", stage);
                })
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(AddStage))
                .WithTags("Pipelines")
                .WithSummary("Add a stage to a pipeline (admin, head of sales)")
                .Produces<StageResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
