using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Common;
using Crm.Modules.Inbox.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// A manager takes a new request: it is theirs, and its deal opens with the request's own id, so the
/// answer names the deal at once (Deals opens it from <see cref="InboxRequestAccepted"/>, and reading it
/// a moment later waits for that: read-your-writes). Of several accepting at once exactly one wins; the
/// others get 409 with who took it, and the request leaves «Неразобранное» on every open board.
/// </summary>
internal static class AcceptRequest
{
    public sealed record Command(Guid Id) : ICommand<Response>;

    public sealed record Response(RequestResponse Request, Guid DealId);

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, LiveInbox live, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var request = await Decisions.DecideAsync(
                conn, command.Id, RequestStatuses.New, RequestStatuses.Accepted, currentUser.Id, clock.GetUtcNow(), null, ct);
            await events.PublishAsync(new InboxRequestAccepted(request.ToState(), currentUser.Id), ct);
            live.Changed(request);
            return new Response(request.ToResponse(), request.DealId!.Value);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/requests/{id:guid}/accept", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id), ct)))
                .WithName(nameof(AcceptRequest))
                .WithTags("Inbox")
                .WithSummary("Accept a new request: a deal opens for it, yours (409 when someone was first)")
                .Produces<Response>()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
