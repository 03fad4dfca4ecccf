using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A deal is dragged to another column of its pipeline. Won and lost stages are refused here
/// (WinDeal and LoseDeal close a deal); a closed deal moved back to an open stage reopens.
/// </summary>
internal static class MoveDealToStage
{
    public sealed record Body(Guid? StageId, int? Version);

    public sealed record Command(Guid Id, Guid? StageId, int? Version) : ICommand<DealResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.StageId).NotEmpty().WithMessage(_ => T.Pick("Выберите этап", "Choose a stage"));
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await DealAccess.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            var to = await Stages.OpenStageOfAsync(conn, catchUp, command.StageId!.Value, deal.PipelineId, ct);
            if (to.Id == deal.StageId)
            {
                return await deal.ToResponseAsync(conn);
            }
            var moved = await DealMoves.MoveAsync(conn, events, deal, to, currentUser.Id, clock.GetUtcNow(), null, ct);
            return await moved.Row.ToResponseAsync(conn);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/{id:guid}/stage", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.StageId, body.Version), ct)))
                .WithName(nameof(MoveDealToStage))
                .WithTags("Deals")
                .WithSummary("Move a deal to another stage of its pipeline")
                .Produces<DealResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
