using System.Data;
using System.Globalization;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A picker of deals across all pipelines (the task dialog's "linked to") and Deals' part of the top
/// bar's global search: as the user types, the deals whose folded search text (name, company, main
/// contact and "#number", as the board's search) or a custom field's value holds the text, open
/// ones before closed ones, then the best match, then the newest. A text found often enough among the
/// most recently updated open deals is answered from them alone (the best of those); a rarer one from
/// every deal. Nothing typed: the user's own most recently updated open deals.
/// </summary>
internal static class SearchDeals
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxText = 200;

    /// <summary>
    /// How many matches of one state (open, closed) are ranked at most. A rare text has fewer, so its
    /// ranking is exact; a common one (a word in thousands of deals) ranks the first this many the
    /// trigram index hands out, which keeps the query bounded at any number of deals. Typing on narrows it.
    /// </summary>
    public const int Window = 500;

    /// <summary>
    /// How many of the most recently updated open deals are looked through first. A common text (a name
    /// in thousands of deals) fills the limit from them in a few milliseconds, where the trigram index would
    /// first gather every match (some 30 ms for a word in 90,000 of 1,000,000 deals); a rarer one is then
    /// looked up in the index as before.
    /// </summary>
    public const int RecentRows = 500;

    public sealed record Query(string? Q, int? Limit) : IQuery<Result>;

    public sealed record Item(
        Guid Id, long Number, string Name, Guid PipelineId, string? PipelineName, Guid StageId, string? StageName,
        string? CompanyName, Guid ResponsibleId, bool Closed);

    public sealed record Result(IReadOnlyList<Item> Items);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(MaxText)
                .WithMessage(_ => T.Pick($"Не больше {MaxText} символов для поиска", $"Search text is at most {MaxText} characters"));
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit)
                .WithMessage(_ => T.Pick($"limit: от 1 до {MaxLimit}", $"limit must be 1 to {MaxLimit}"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Result>
    {
        private const string Columns =
            """
            d.id as Id, d.number as Number, d.name as Name, d.pipeline_id as PipelineId, p.name as PipelineName,
            d.stage_id as StageId, s.name as StageName, d.company_name as CompanyName, d.responsible_id as ResponsibleId,
            d.closed_at is not null as Closed
            """;

        private const string MatchColumns =
            "d.id, d.number, d.name, d.pipeline_id, d.stage_id, d.company_name, d.responsible_id, d.closed_at, d.created_at, d.search";

        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var limit = query.Limit ?? DefaultLimit;
            var text = SearchText.Fold(query.Q?.Trim() ?? "");
            if (text.Length == 0)
            {
                // The user's open deals, newest update first, straight from ix_deals_responsible_recent (M0010).
                return new Result((await conn.QueryAsync<Item>(
                    $"""
                    with mine as (
                        select {MatchColumns}, d.updated_at from deals.deals d
                        where d.responsible_id = @Me and d.deleted_at is null and d.closed_at is null
                        order by d.updated_at desc, d.id desc
                        limit @Limit
                    )
                    select {Columns}
                    from mine d
                    left join deals.pipelines p on p.id = d.pipeline_id
                    left join deals.stages s on s.id = d.stage_id
                    order by d.updated_at desc, d.id desc
                    """,
                    new { Me = currentUser.Id, Limit = limit })).AsList());
            }
            // Open deals first; closed ones only fill what is left of the limit.
            var number = long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
            if (number is null && await RecentMatchesAsync(conn, text, limit) is { } recent)
            {
                return new Result(recent);
            }
            var items = await MatchesAsync(conn, text, number, open: true, limit);
            if (items.Count < limit)
            {
                items.AddRange(await MatchesAsync(conn, text, number, open: false, limit - items.Count));
            }
            return new Result(items);
        }

        /// <summary>
        /// The best matches in the search text among the <see cref="RecentRows"/> most recently updated open
        /// deals (<c>ix_deals_table_updated</c> backwards), ranked as <see cref="MatchesAsync"/> ranks; null when
        /// they are fewer than the limit. A number is never looked for here: its very deal may be older.
        /// </summary>
        private static async Task<List<Item>?> RecentMatchesAsync(IDbConnection conn, string text, int limit)
        {
            var items = (await conn.QueryAsync<Item>(
                $"""
                with recent as (
                    select {MatchColumns} from deals.deals d
                    where d.deleted_at is null and d.closed_at is null
                    order by d.updated_at desc, d.id desc
                    limit {RecentRows}
                ), matches as (
                    select * from recent d where d.search like @Pattern limit {Window}
                )
                select {Columns}
                from matches d
                left join deals.pipelines p on p.id = d.pipeline_id
                left join deals.stages s on s.id = d.stage_id
                order by strpos(d.search, @Text) = 0, strpos(d.search, @Text), length(d.search), d.created_at desc, d.id desc
                limit @Limit
                """,
                new { Text = text, Pattern = PatternOf(text), Limit = limit })).AsList();
            return items.Count >= limit ? items : null;
        }

        /// <summary>A text of one or two letters matches the start of the search text; a longer one anywhere in it.</summary>
        private static string PatternOf(string text) =>
            text.Length < 3 ? $"{SearchText.EscapeLike(text)}%" : $"%{SearchText.EscapeLike(text)}%";

        /// <summary>
        /// The best matches of one state. They come from the trigram indexes ix_deals_search (M0006:
        /// name, company, main contact, number) and ix_deals_custom_text (M0019: the custom fields'
        /// values), a window of them at most. A text of one or two letters has no trigram inside a
        /// word, so it matches the start of the name only (the index has the name's first trigrams).
        /// The best match is the deal of that very number, then a match in the search text before one
        /// in a custom field only, the text found nearer the start (the name before the number), then
        /// the shorter text (a closer match): plain string functions, as a trigram similarity costs
        /// some 20 µs a row.
        /// </summary>
        private static async Task<List<Item>> MatchesAsync(IDbConnection conn, string text, long? number, bool open, int limit)
        {
            var shortText = text.Length < 3;
            var match = shortText
                ? $"(d.search like @Pattern{(number is null ? "" : " or d.number = @Number")})"
                : "(d.search like @Pattern or deals.custom_text(d.custom) like @Pattern)";
            return (await conn.QueryAsync<Item>(
                $"""
                with matches as (
                    select {MatchColumns} from deals.deals d
                    where {match} and d.deleted_at is null and d.closed_at is {(open ? "" : "not ")}null
                    limit {Window}
                )
                select {Columns}
                from matches d
                left join deals.pipelines p on p.id = d.pipeline_id
                left join deals.stages s on s.id = d.stage_id
                order by d.number is not distinct from @Number desc, strpos(d.search, @Text) = 0, strpos(d.search, @Text), length(d.search),
                         d.created_at desc, d.id desc
                limit @Limit
                """,
                new { Text = text, Pattern = PatternOf(text), Number = number, Limit = limit })).AsList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/search", async (string? q, int? limit, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(q, limit), ct)))
                .WithName(nameof(SearchDeals))
                .WithTags("Deals")
                .WithSummary("Deals across all pipelines by name or number, open first; nothing typed: my recent open deals")
                .WithDescription("Matches the folded name, company, main contact and \"#number\" (any case, «ё» as «е»). Open deals before closed ones, then the best match, then the newest. Deleted deals never.")
                .Produces<Result>()
                .ProducesValidationProblem();
    }
}
