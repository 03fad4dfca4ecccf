using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A deal gets another responsible user (a manager may hand over only their own deals), who must be an
/// active user (400 on responsibleId; one created a moment ago is waited for).
/// </summary>
internal static class AssignDeal
{
    public sealed record Body(Guid? ResponsibleId, int? Version);

    public sealed record Command(Guid Id, Guid? ResponsibleId, int? Version) : ICommand<DealResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.ResponsibleId).NotEmpty().WithMessage(_ => T.Pick("Выберите ответственного", "Choose the responsible user"));
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await DealAccess.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            var to = command.ResponsibleId!.Value;
            if (to == deal.ResponsibleId)
            {
                return await deal.ToResponseAsync(conn);
            }
            // After the lock (a wait, if any, holds this one deal's row): only a change is checked, so a
            // deal whose responsible has since been deactivated is still saved as it is.
            await Responsibles.EnsureAssignableAsync(conn, catchUp, to, currentUser.Id, ct);
            var assigned = await conn.QuerySingleAsync<DealRow>(
                $"""
                update deals.deals set responsible_id = @To, updated_at = @Now, version = version + 1
                where id = @Id
                returning {DealRow.Columns}
                """,
                new { deal.Id, To = to, Now = clock.GetUtcNow() });
            await events.PublishAsync(new DealAssigned(await DealStates.ReadAsync(conn, deal.Id), deal.ResponsibleId, currentUser.Id), ct);
            return await assigned.ToResponseAsync(conn);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/{id:guid}/assign", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.ResponsibleId, body.Version), ct)))
                .WithName(nameof(AssignDeal))
                .WithTags("Deals")
                .WithSummary("Give a deal to another responsible user")
                .Produces<DealResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
