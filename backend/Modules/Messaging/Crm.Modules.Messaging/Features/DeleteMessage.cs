using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>The author deletes their chat message for good; it leaves every open tab of the channel at once.</summary>
internal static class DeleteMessage
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, LiveChat live) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var message = await ChatMessages.GetOwnForUpdateAsync(conn, command.Id, currentUser.Id, ct);
            var channel = await Channels.GetReadableAsync(conn, message.ChannelId, currentUser.Id, ct);
            await conn.ExecuteAsync(new CommandDefinition("delete from messaging.messages where id = @Id", command, cancellationToken: ct));
            live.Send(await Channels.AudienceAsync(conn, channel, ct), "chatMessageDeleted", new LiveChat.MessageDeleted(channel.Id, message.Id));
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/messaging/messages/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .WithName(nameof(DeleteMessage))
                .WithTags("Messaging")
                .WithSummary("Delete your own chat message")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
