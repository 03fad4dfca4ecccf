using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A channel's history, newest first, a page at a time (keyset: stable while new messages arrive), for
/// those who may read it (403 for a private channel or a conversation one is not in, admins included), with
/// the authors' names and the names of the deals the messages link to.
/// </summary>
internal static class ListMessages
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public sealed record Query(Guid ChannelId, string? After, int? Limit) : IQuery<Response>;

    public sealed record Response(
        IReadOnlyList<ChatMessageResponse> Items, string? NextCursor, IReadOnlyDictionary<Guid, string> Names, IReadOnlyDictionary<Guid, string> Deals);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var limit = query.Limit ?? DefaultLimit;
            if (limit is < 1 or > MaxLimit)
            {
                throw new FieldValidationException("limit", T.Pick($"От 1 до {MaxLimit}", $"From 1 to {MaxLimit}"));
            }
            var after = TimeIdCursor.Parse(query.After);
            var conn = await db.ConnectionAsync(ct);
            await Channels.GetReadableAsync(conn, query.ChannelId, currentUser.Id, ct);
            var rows = (await conn.QueryAsync<ChatMessageRow>(new CommandDefinition(
                $"""
                select {ChatMessageRow.Columns} from messaging.messages m
                where m.channel_id = @ChannelId {(after is null ? "" : "and (m.created_at, m.id) < (@AfterAt, @AfterId)")}
                order by m.created_at desc, m.id desc
                limit @Take
                """,
                new { query.ChannelId, AfterAt = after?.At, AfterId = after?.Id, Take = limit + 1 },
                cancellationToken: ct))).AsList();
            var page = rows.Take(limit).ToList();
            var next = rows.Count > limit ? TimeIdCursor.Of(page[^1].CreatedAt, page[^1].Id) : null;
            var authors = page.Select(m => m.AuthorId).Distinct().ToArray();
            var names = (await conn.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
                "select id, display_name from messaging.users where id = any(@authors)", new { authors }, cancellationToken: ct)))
                .ToDictionary(u => u.Id, u => u.Name);
            return new Response(
                page.Select(ChatMessageResponse.Of).ToList(), next, names, await ChatMessages.LinkedDealsAsync(conn, page.Select(m => m.Text), ct));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/messaging/channels/{id:guid}/messages", async (Guid id, string? after, int? limit, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id, after, limit), ct)))
                .WithName(nameof(ListMessages))
                .WithTags("Messaging")
                .WithSummary("A channel's messages, newest first")
                .Produces<Response>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
