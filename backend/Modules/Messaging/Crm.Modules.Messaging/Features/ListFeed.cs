using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Messaging.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A card's feed, newest first, a page at a time (keyset: a page costs the same however deep), whole or
/// one kind of entries (notes, messages, system); the first page also has the pinned entries. Every
/// signed-in user reads every card's feed, as they read every card. <c>names</c> names the ids the page refers to.
/// </summary>
internal static class ListFeed
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public sealed record Query(string Kind, Guid Id, string? Filter, string? After, int? Limit) : IQuery<Response>;

    public sealed record Response(
        IReadOnlyList<FeedEntryResponse> Items, string? NextCursor, IReadOnlyList<FeedEntryResponse> Pinned, IReadOnlyDictionary<Guid, string> Names);

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            if (!FeedKinds.Subjects.Contains(query.Kind))
            {
                throw FeedSubjects.NotFound();
            }
            string? kind = null;
            if (!string.IsNullOrEmpty(query.Filter) && !FeedKinds.Filters.TryGetValue(query.Filter, out kind))
            {
                throw new FieldValidationException("filter", T.Pick("Фильтр: notes, messages или system", "The filter is notes, messages or system"));
            }
            var limit = query.Limit ?? DefaultLimit;
            if (limit is < 1 or > MaxLimit)
            {
                throw new FieldValidationException("limit", T.Pick($"От 1 до {MaxLimit}", $"From 1 to {MaxLimit}"));
            }
            var after = TimeIdCursor.Parse(query.After);
            var conn = await db.ConnectionAsync(ct);
            var rows = (await conn.QueryAsync<FeedEntryRow>(new CommandDefinition(
                $"""
                select {FeedEntryRow.Columns} from messaging.feed_entries e
                where e.subject_kind = @Kind and e.subject_id = @Id
                  {(kind is null ? "" : "and e.kind = @EntryKind")}
                  {(after is null ? "" : "and (e.occurred_at, e.id) < (@AfterAt, @AfterId)")}
                order by e.occurred_at desc, e.id desc
                limit @Take
                """,
                new { query.Kind, query.Id, EntryKind = kind, AfterAt = after?.At, AfterId = after?.Id, Take = limit + 1 },
                cancellationToken: ct))).AsList();
            var page = rows.Take(limit).Select(r => r.ToResponse()).ToList();
            var next = rows.Count > limit ? TimeIdCursor.Of(page[^1].OccurredAt, page[^1].Id) : null;
            var pinned = after is null
                ? (await conn.QueryAsync<FeedEntryRow>(new CommandDefinition(
                    $"""
                    select {FeedEntryRow.Columns} from messaging.feed_entries e
                    where e.subject_kind = @Kind and e.subject_id = @Id and e.pinned_at is not null
                    order by e.pinned_at desc limit {MaxLimit}
                    """,
                    new { query.Kind, query.Id },
                    cancellationToken: ct))).Select(r => r.ToResponse()).ToList()
                : [];
            var names = await FeedNames.OfAsync(conn, page.Concat(pinned), ct);
            return new Response(page, next, pinned, names);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/messaging/feed/{kind}/{id:guid}", async (string kind, Guid id, string? filter, string? after, int? limit, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(kind, id, filter, after, limit), ct)))
                .WithName(nameof(ListFeed))
                .WithTags("Messaging")
                .WithSummary("A card's feed (deal, company or contact), newest first, with its pinned entries")
                .Produces<Response>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
