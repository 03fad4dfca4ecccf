using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Messaging.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Anyone working the card pins a note or a message to the top of its feed (the terms agreed, the
/// client's wishes), or unpins it with <c>{ "pinned": false }</c>. System entries are not pinned.
/// </summary>
internal static class PinFeedEntry
{
    public sealed record Body(bool? Pinned);

    public sealed record Command(Guid Id, bool Pinned) : ICommand<FeedEntryResponse>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, LiveFeed live, TimeProvider clock) : ICommandHandler<Command, FeedEntryResponse>
    {
        public async ValueTask<FeedEntryResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var entry = await FeedEntries.GetForUpdateAsync(conn, command.Id, ct);
            if (entry.Kind == FeedKinds.System)
            {
                throw new FieldValidationException("id", T.Pick("Закрепить можно примечание или сообщение", "Only a note or a message can be pinned"));
            }
            var row = await conn.QuerySingleAsync<FeedEntryRow>(new CommandDefinition(
                $"""
                update messaging.feed_entries as e
                set pinned_at = case when @Pinned then coalesce(e.pinned_at, @Now) end,
                    pinned_by = case when @Pinned then coalesce(e.pinned_by, @By) end,
                    version = e.version + 1
                where e.id = @Id
                returning {FeedEntryRow.Columns}
                """,
                new { command.Id, command.Pinned, Now = clock.GetUtcNow(), By = currentUser.Id },
                cancellationToken: ct));
            live.Changed(row.SubjectKind, row.SubjectId);
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/messaging/feed/entries/{id:guid}/pin", async (Guid id, HttpRequest request, ISender sender, CancellationToken ct) =>
                {
                    var body = await OptionalBody.ReadAsync<Body>(request, ct);
                    return Results.Ok(await sender.Send(new Command(id, body?.Pinned ?? true), ct));
                })
                .WithName(nameof(PinFeedEntry))
                .WithTags("Messaging")
                .WithSummary("Pin a note or message to the top of its card's feed, or unpin it with { pinned: false }")
                .Produces<FeedEntryResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
