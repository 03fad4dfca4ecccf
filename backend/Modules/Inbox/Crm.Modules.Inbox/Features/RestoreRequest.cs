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

/// <summary>An admin puts a declined request back in «Неразобранное» (declined by mistake); it is nobody's again.</summary>
internal static class RestoreRequest
{
    public sealed record Command(Guid Id) : ICommand<RequestResponse>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, LiveInbox live, TimeProvider clock)
        : ICommandHandler<Command, RequestResponse>
    {
        public async ValueTask<RequestResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var request = await Decisions.DecideAsync(
                conn, command.Id, RequestStatuses.Declined, RequestStatuses.New, currentUser.Id, clock.GetUtcNow(), null, ct);
            await events.PublishAsync(new InboxRequestRestored(request.ToState(), currentUser.Id), ct);
            live.Changed(request);
            return request.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/requests/{id:guid}/restore", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(RestoreRequest))
                .WithTags("Inbox")
                .WithSummary("Put a declined request back in «Неразобранное» (admins)")
                .Produces<RequestResponse>()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
