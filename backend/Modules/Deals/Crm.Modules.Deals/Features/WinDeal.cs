using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>A deal is won: it moves to its pipeline's won stage and is closed.</summary>
internal static class WinDeal
{
    public sealed record Body(int? Version);

    public sealed record Command(Guid Id, int? Version) : ICommand<DealResponse>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await DealAccess.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            var won = await Stages.ClosingStageAsync(conn, deal.PipelineId, StageKinds.Won);
            if (deal.StageId == won.Id)
            {
                throw new FieldValidationException("stageId", T.Pick("Сделка уже успешно реализована", "The deal is already won"));
            }
            var moved = await DealMoves.MoveAsync(conn, events, deal, won, currentUser.Id, clock.GetUtcNow(), null, ct);
            await events.PublishAsync(new DealWon(moved.State, currentUser.Id), ct);
            return await moved.Row.ToResponseAsync(conn);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/{id:guid}/won", async (Guid id, HttpRequest request, ISender sender, CancellationToken ct) =>
                {
                    var body = await OptionalBody.ReadAsync<Body>(request, ct);
                    return Results.Ok(await sender.Send(new Command(id, body?.Version), ct));
                })
                .WithName(nameof(WinDeal))
                .WithTags("Deals")
                .WithSummary("Close a deal as won")
                .Produces<DealResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
