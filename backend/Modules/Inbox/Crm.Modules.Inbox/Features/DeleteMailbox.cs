using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Mail;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An admin disconnects a shared mailbox: it is not read any more and its password is gone. The requests
/// its mails made stay, with their mails and attachments; a poll under way stores nothing more.
/// </summary>
internal static class DeleteMailbox
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var deleted = await (await db.ConnectionAsync(ct)).ExecuteAsync("delete from inbox.mailboxes where id = @Id", new { command.Id });
            return deleted == 0 ? throw Mailboxes.NotFound() : Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/inbox/mailboxes/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(DeleteMailbox))
                .WithTags("Inbox")
                .WithSummary("Disconnect a shared mailbox (admins)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
