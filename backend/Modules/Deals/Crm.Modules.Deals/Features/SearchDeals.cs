using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A picker of deals across all pipelines (the task dialog's "linked to"): as the user types, the
/// deals whose folded search text (name and "#number", as the board's search) holds the text, open
/// ones before closed ones, then the best match, then the newest. Nothing typed: the user's own
/// most recently updated open deals.
/// </summary>
internal static class SearchDeals
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxText = 200;

    /// <summary>
    /// How many matches of each state (open, closed) are ranked at most. A rare text has fewer, so
    /// its ranking is exact; a common one (a few letters) ranks the first this many the trigram index
    /// hands out, which keeps the query bounded at any number of deals. Typing on narrows it.
    /// </summary>
    public const int Window = 500;

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
            var text = Fold(query.Q?.Trim() ?? "");
            if (text.Length == 0)
            {
                // the user's open deals come from ix_deals_responsible; a top-N sort of them by update
                return new Result((await conn.QueryAsync<Item>(
                    $"""
                    select {Columns}
                    from deals.deals d
                    left join deals.pipelines p on p.id = d.pipeline_id
                    left join deals.stages s on s.id = d.stage_id
                    where d.responsible_id = @Me and d.deleted_at is null and d.closed_at is null
                    order by d.updated_at desc, d.id desc
                    limit @Limit
                    """,
                    new { Me = currentUser.Id, Limit = limit })).AsList());
            }
            // Each state's matches come from the trigram index ix_deals_search (M0006), at most a
            // window of them; the best match is a whole word before a part of one, then the closer
            // text (a short name over a long one).
            return new Result((await conn.QueryAsync<Item>(
                $"""
                with matches as (
                    (select {MatchColumns} from deals.deals d
                     where d.search like @Pattern and d.deleted_at is null and d.closed_at is null
                     limit {Window})
                    union all
                    (select {MatchColumns} from deals.deals d
                     where d.search like @Pattern and d.deleted_at is null and d.closed_at is not null
                     limit {Window})
                )
                select {Columns}
                from matches d
                left join deals.pipelines p on p.id = d.pipeline_id
                left join deals.stages s on s.id = d.stage_id
                order by d.closed_at is not null, strict_word_similarity(@Text, d.search) desc, similarity(@Text, d.search) desc,
                         d.created_at desc, d.id desc
                limit @Limit
                """,
                new { Text = text, Pattern = $"%{EscapeLike(text)}%", Limit = limit })).AsList());
        }
    }

    /// <summary>The folding of deals.search (M0006): lower case, "ё" as "е".</summary>
    private static string Fold(string text) => text.ToLowerInvariant().Replace('ё', 'е');

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/search", async (string? q, int? limit, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(q, limit), ct)))
                .WithName(nameof(SearchDeals))
                .WithTags("Deals")
                .WithSummary("Deals across all pipelines by name or number, open first; nothing typed: my recent open deals")
                .WithDescription("Matches the folded name and \"#number\" (any case, «ё» as «е»). Open deals before closed ones, then the best match, then the newest. Deleted deals never.")
                .Produces<Result>()
                .ProducesValidationProblem();
    }
}
