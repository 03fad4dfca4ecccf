using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Pipelines.Model;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Pipelines.Features;

/// <summary>A supervisor adds a pipeline at the end of the list, with the default stages of its kind.</summary>
internal static class CreatePipeline
{
    public sealed record Command(string Name, string Kind) : ICommand<PipelineResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidName();
            RuleFor(c => c.Kind).ValidPipelineKind();
        }
    }

    internal sealed class Handler(DbSession db, NewPipeline newPipeline) : ICommandHandler<Command, PipelineResponse>
    {
        public async ValueTask<PipelineResponse> Handle(Command command, CancellationToken ct)
        {
            var id = await newPipeline.CreateAsync(command.Name, command.Kind, NewPipeline.DefaultStages(command.Kind), ct);
            return await PipelineReader.LoadAsync(await db.ConnectionAsync(ct), id);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/pipelines", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var pipeline = await sender.Send(command, ct);
                    return Results.Created($"/api/pipelines/{pipeline.Id}", pipeline);
                })
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(CreatePipeline))
                .WithTags("Pipelines")
                .WithSummary("Create a pipeline with the default stages of its kind (admin, head of sales)")
                .Produces<PipelineResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem();
    }
}
