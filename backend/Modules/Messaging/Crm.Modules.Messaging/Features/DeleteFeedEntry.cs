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

/// <summary>The author deletes their note or message for good (the notifications it made stay, leading to the card).</summary>
internal static class DeleteFeedEntry
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, LiveFeed live) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var entry = await FeedEntries.GetForUpdateAsync(conn, command.Id, ct);
            FeedEntries.EnsureOwn(entry, currentUser.Id);
            await conn.ExecuteAsync(new CommandDefinition("delete from messaging.feed_entries where id = @Id", command, cancellationToken: ct));
            live.Changed(entry.SubjectKind, entry.SubjectId);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/messaging/feed/entries/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .WithName(nameof(DeleteFeedEntry))
                .WithTags("Messaging")
                .WithSummary("Delete your own note or message")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
