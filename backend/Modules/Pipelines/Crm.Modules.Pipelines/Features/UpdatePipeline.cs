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
/// A supervisor renames a pipeline, moves it in the list (the others shift), archives or restores it.
/// A stale version is refused (409).
/// </summary>
internal static class UpdatePipeline
{
    /// <summary>Position and archived may be left out to keep them as they are.</summary>
    public sealed record Body(string Name, int? Position, bool? Archived, int Version);

    public sealed record Command(Guid Id, string Name, int? Position, bool? Archived, int Version) : ICommand<PipelineResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidName();
            RuleFor(c => c.Position).GreaterThanOrEqualTo(0)
                .WithMessage(_ => T.Pick("Позиция не может быть отрицательной", "The position cannot be negative"));
        }
    }

    internal sealed class Handler(DbSession db, IEventPublisher events, TimeProvider clock) : ICommandHandler<Command, PipelineResponse>
    {
        public async ValueTask<PipelineResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await PipelineGuards.LockPipelineListAsync(conn);
            var current = await conn.QuerySingleOrDefaultAsync<Place>(
                "select position as Position, archived as Archived, version as Version from pipelines.pipelines where id = @Id", new { command.Id })
                ?? throw PipelineGuards.PipelineNotFound();
            if (current.Version != command.Version)
            {
                await PipelineGuards.ThrowMissingOrStalePipelineAsync(conn, command.Id);
            }
            var name = PipelineRules.NormalizeName(command.Name);
            if (await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from pipelines.pipelines where lower(name) = lower(@name) and id <> @Id)", new { name, command.Id }))
            {
                throw new FieldValidationException("name", NewPipeline.NameTaken());
            }
            var last = await conn.ExecuteScalarAsync<int>("select count(*) - 1 from pipelines.pipelines");
            // Positions count archived pipelines too; a place past the end means last.
            var target = Math.Min(command.Position ?? current.Position, last);
            var archived = command.Archived ?? current.Archived;
            // The pipelines between the old and the new place shift by one towards the old place.
            // Their state changes too, so their versions rise (a stale edit of one of them is then refused).
            List<Guid> shifted = target == current.Position
                ? []
                : (await conn.QueryAsync<Guid>(
                    """
                    update pipelines.pipelines
                    set position = position + case when @target < @old then 1 else -1 end, version = version + 1
                    where id <> @Id and position between least(@target, @old) and greatest(@target, @old)
                    returning id
                    """,
                    new { command.Id, target, old = current.Position })).AsList();
            var updated = await conn.ExecuteAsync(
                """
                update pipelines.pipelines
                set name = @name, position = @target, archived = @archived, updated_at = @now, version = version + 1
                where id = @Id and version = @Version
                """,
                new { command.Id, name, target, archived, command.Version, now = clock.GetUtcNow() });
            if (updated == 0)
            {
                await PipelineGuards.ThrowMissingOrStalePipelineAsync(conn, command.Id);
            }
            await events.PublishAsync(new PipelineUpdated(await PipelineStates.ReadAsync(conn, command.Id)), ct);
            foreach (var other in shifted)
            {
                await events.PublishAsync(new PipelineUpdated(await PipelineStates.ReadAsync(conn, other)), ct);
            }
            return await PipelineReader.LoadAsync(conn, command.Id);
        }
    }

    private sealed record Place(int Position, bool Archived, int Version);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/pipelines/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Name, body.Position, body.Archived, body.Version), ct)))
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(UpdatePipeline))
                .WithTags("Pipelines")
                .WithSummary("Rename, move in the list, archive or restore a pipeline (admin, head of sales)")
                .Produces<PipelineResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
