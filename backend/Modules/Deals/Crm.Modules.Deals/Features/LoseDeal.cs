using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A deal is lost, with the reason (required): it moves to its pipeline's lost stage and is closed. A
/// To-Do job is not lost, only done (400).
/// </summary>
internal static class LoseDeal
{
    public sealed record Body(string? Reason, int? Version);

    public sealed record Command(Guid Id, string? Reason, int? Version) : ICommand<DealResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r))
                .WithMessage(_ => T.Pick("Укажите причину отказа", "Give the reason the deal was lost"));
            RuleFor(c => c.Reason).MaxText(DealRules.LossReasonMaxLength);
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await DealAccess.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            if (await TodoJobs.IsTodoAsync(conn, deal.PipelineId))
            {
                throw TodoJobs.CannotBeLost();
            }
            var lost = await Stages.ClosingStageAsync(conn, deal.PipelineId, StageKinds.Lost);
            if (deal.StageId == lost.Id)
            {
                throw new FieldValidationException("stageId", T.Pick("Сделка уже закрыта как нереализованная", "The deal is already lost"));
            }
            var reason = command.Reason!.Trim();
            var moved = await DealMoves.MoveAsync(conn, events, deal, lost, currentUser.Id, clock.GetUtcNow(), reason, ct);
            await events.PublishAsync(new DealLost(moved.State, reason, currentUser.Id), ct);
            return await moved.Row.ToResponseAsync(conn);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/{id:guid}/lost", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Reason, body.Version), ct)))
                .WithName(nameof(LoseDeal))
                .WithTags("Deals")
                .WithSummary("Close a deal as lost, with the reason")
                .Produces<DealResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
