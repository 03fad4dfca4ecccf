using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Inbox.Common;
using Crm.Modules.Inbox.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// A manager turns a new request down, perhaps saying why (spam, not our region). It leaves
/// «Неразобранное» for the Inbox screen's declined list, from which an admin may restore it.
/// </summary>
internal static class DeclineRequest
{
    public sealed record Body(string? Reason);

    public sealed record Command(Guid Id, string? Reason) : ICommand<RequestResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).MaxText(RequestRules.ReasonMaxLength);
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, LiveInbox live, TimeProvider clock)
        : ICommandHandler<Command, RequestResponse>
    {
        public async ValueTask<RequestResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var request = await Decisions.DecideAsync(
                conn, command.Id, RequestStatuses.New, RequestStatuses.Declined, currentUser.Id, clock.GetUtcNow(),
                RequestRules.Clean(command.Reason, RequestRules.ReasonMaxLength), ct);
            await events.PublishAsync(new InboxRequestDeclined(request.ToState(), currentUser.Id), ct);
            live.Changed(request);
            return request.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/requests/{id:guid}/decline", async (Guid id, HttpRequest request, ISender sender, CancellationToken ct) =>
                {
                    var body = await OptionalBody.ReadAsync<Body>(request, ct);
                    return Results.Ok(await sender.Send(new Command(id, body?.Reason), ct));
                })
                .WithName(nameof(DeclineRequest))
                .WithTags("Inbox")
                .WithSummary("Decline a new request, with an optional reason (409 when someone was first)")
                .Produces<RequestResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
