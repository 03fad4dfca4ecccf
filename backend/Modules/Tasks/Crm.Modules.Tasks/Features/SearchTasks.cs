using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// Tasks' part of the global search in the top bar: the tasks whose text, or whose linked deal's,
/// company's or contact's name (as Tasks' copies hold it), contains the typed text, in any case, «ё» as
/// «е». Open tasks first, the earliest due first (so the overdue lead); then the done ones, the latest
/// due first. Each task holds its own folded text and its link's (<c>search</c>, <c>link_search</c>, kept
/// by <see cref="Common.LinkSearch"/>), and a state's answer is one query over both, ordered and limited:
/// exact for a rare text and a common one alike. A trigram index per state hands out a rare text's tasks;
/// for a text in many, the expression's statistics (M0012) lead the planner to walk the tasks by due time
/// until the limit instead. Everyone signed in reads every task, as in the organizer.
/// </summary>
internal static class SearchTasks
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxText = 200;

    /// <summary>
    /// The text a task is found by: its own folded text and its link's, joined by a line break (which a typed
    /// text never holds, so no match spans the two): the expression of ix_tasks_open_found and ix_tasks_done_found.
    /// </summary>
    private const string Found = @"(t.search || E'\n' || t.link_search)";

    /// <summary>The answer's rows, with their linked record's name, of the task ids and due times in <c>page</c> (in its order).</summary>
    private const string ItemsOfPage =
        """
        select t.id as Id, t.text as Text, t.due_at as DueAt, t.completed_at as CompletedAt, t.responsible_id as ResponsibleId,
               t.link_kind as LinkKind, t.link_id as LinkId, coalesce(d.name, co.name, ct.name) as LinkName
        from page m
        join tasks.tasks t on t.id = m.id
        left join tasks.deals d on t.link_kind = 'deal' and d.id = t.link_id
        left join tasks.companies co on t.link_kind = 'company' and co.id = t.link_id
        left join tasks.contacts ct on t.link_kind = 'contact' and ct.id = t.link_id
        """;

    public sealed record Query(string? Q, int? Limit) : IQuery<Result>;

    public sealed record Item(
        Guid Id, string Text, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, Guid ResponsibleId, string? LinkKind, Guid? LinkId, string? LinkName);

    public sealed record Result(IReadOnlyList<Item> Items);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).Must(q => q is { Length: > 0 and <= MaxText } && q.Trim().Length > 0)
                .WithMessage(_ => T.Pick($"Текст для поиска: от 1 до {MaxText} символов", $"The search text must be 1 to {MaxText} characters"));
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit)
                .WithMessage(_ => T.Pick($"limit: от 1 до {MaxLimit}", $"limit must be 1 to {MaxLimit}"));
        }
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var text = query.Q!.Trim().ToLowerInvariant().Replace('ё', 'е');
            var pattern = "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";
            var limit = query.Limit ?? DefaultLimit;
            // Open tasks first; done ones only fill what is left of the limit.
            var items = await MatchesAsync(conn, pattern, open: true, limit);
            if (items.Count < limit)
            {
                items.AddRange(await MatchesAsync(conn, pattern, open: false, limit - items.Count));
            }
            return new Result(items);
        }

        /// <summary>
        /// The tasks of one state that match, ranked (open: the earliest due first; done: the latest due first),
        /// then looked up with their linked record's name. The state's index (ix_tasks_open_found, ix_tasks_done_found)
        /// hands out the candidates, or, for a text in many tasks, the planner walks the due order and stops at the
        /// limit: either way exact.
        /// </summary>
        private static async Task<List<Item>> MatchesAsync(System.Data.IDbConnection conn, string pattern, bool open, int limit)
        {
            var state = open ? "t.completed_at is null" : "t.completed_at is not null";
            var desc = open ? "" : " desc";
            return (await conn.QueryAsync<Item>(
                $"""
                with page as (
                    select t.id, t.due_at from tasks.tasks t
                    where {state} and {Found} like @Pattern
                    order by t.due_at{desc}, t.id
                    limit @Limit
                )
                {ItemsOfPage}
                order by m.due_at{desc}, m.id
                """,
                new { Pattern = pattern, Limit = limit })).AsList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/tasks/search", async (string? q, int? limit, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(q, limit), ct)))
                .WithName(nameof(SearchTasks))
                .WithTags("Tasks")
                .WithSummary("Tasks by their text or their deal's, company's or contact's name, open first (the global search)")
                .WithDescription("Contains, any case, «ё» as «е»; q 1–200 characters, limit 1–50 (default 10). Open tasks first, the earliest due first; then the done ones, the latest due first.")
                .Produces<Result>()
                .ProducesValidationProblem();
    }
}
