using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>A user disconnects their calendar feed: the secret address stops working (404).</summary>
internal static class RevokeCalendarToken
{
    public sealed record Command : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            await (await db.ConnectionAsync(ct)).ExecuteAsync(
                "delete from tasks.calendar_tokens where user_id = @Id", new { currentUser.Id });
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/tasks/calendar/token", async (ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.BrowserSession)
                .WithName(nameof(RevokeCalendarToken))
                .WithTags("Tasks")
                .WithSummary("Revoke my calendar feed address")
                .Produces(StatusCodes.Status204NoContent);
    }
}
