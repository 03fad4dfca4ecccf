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

/// <summary>The caller's notifications, newest first, a page of 50 (all, or the unread only), and how many are unread (up to 100).</summary>
internal static class ListNotifications
{
    private const int PageSize = 50;

    public sealed record Query(bool Unread, string? After) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<NotificationResponse> Items, string? NextCursor, int Unread);

    internal sealed class Handler(DbSession db, CurrentUser currentUser, Notifications notifications) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var after = TimeIdCursor.Parse(query.After);
            var rows = (await (await db.ConnectionAsync(ct)).QueryAsync<NotificationRow>(new CommandDefinition(
                $"""
                select {NotificationRow.Columns} from messaging.notifications n
                where n.user_id = @User {(query.Unread ? "and n.read_at is null" : "")}
                  {(after is null ? "" : "and (n.created_at, n.id) < (@AfterAt, @AfterId)")}
                order by n.created_at desc, n.id desc
                limit {PageSize + 1}
                """,
                new { User = currentUser.Id, AfterAt = after?.At, AfterId = after?.Id },
                cancellationToken: ct))).AsList();
            var page = rows.Take(PageSize).Select(r => r.ToResponse()).ToList();
            var next = rows.Count > PageSize ? TimeIdCursor.Of(page[^1].CreatedAt, page[^1].Id) : null;
            return new Response(page, next, await notifications.UnreadAsync(currentUser.Id, ct));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/messaging/notifications", async (bool? unread, string? after, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(unread ?? false, after), ct)))
                .WithName(nameof(ListNotifications))
                .WithTags("Messaging")
                .WithSummary("Your notifications, newest first, and how many are unread")
                .Produces<Response>()
                .ProducesValidationProblem();
    }
}
