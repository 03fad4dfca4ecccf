using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An admin deletes a web form for good: its address answers 404 from then on, and the requests it filed
/// stay. (To stop a form for a while, it is turned off instead: its key then comes back with it.)
/// </summary>
internal static class DeleteForm
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var deleted = await (await db.ConnectionAsync(ct)).ExecuteAsync("delete from inbox.forms where id = @Id", new { command.Id });
            return deleted == 0 ? throw Forms.NotFound() : Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/inbox/forms/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(DeleteForm))
                .WithTags("Inbox")
                .WithSummary("Delete a web form for good (admins)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
