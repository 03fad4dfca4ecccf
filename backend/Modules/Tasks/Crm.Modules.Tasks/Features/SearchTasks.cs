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
/// due first. The open tasks due first are looked through before the indexes: when they hold the
/// limit's worth of matches, those are the answer. Everyone signed in reads every task, as in the organizer.
/// </summary>
internal static class SearchTasks
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxText = 200;

    /// <summary>
    /// How many matches each of the four sources (the task's text, its deal's, company's, contact's name)
    /// hands out at most for one state (open, done), and how many matching deals, companies or contacts
    /// a source looks at for their tasks. A rare text has fewer, so its ranking is exact; a common one (a
    /// name shared by 24,000 contacts, few of them with a task) ranks what the first this many give, which
    /// keeps the query bounded at any number of records whatever plan PostgreSQL picks. Typing on narrows it.
    /// </summary>
    public const int Window = 500;

    /// <summary>
    /// How many open tasks, the earliest due first, are looked through before the indexes: they are the
    /// top of the answer's order, so when they hold the limit's worth of matches those are the answer,
    /// exactly. A common text (a name in thousands of deals and contacts) is answered from them in a few
    /// milliseconds, where gathering the first matching records from the trigram indexes took 25–45 ms;
    /// a rare one pays a few milliseconds for the look (a thousand tasks cost 15–20 ms: too many).
    /// </summary>
    public const int FirstDueRows = 300;

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
            if (await FirstDueMatchesAsync(conn, pattern, limit) is { } firstDue)
            {
                return new Result(firstDue);
            }
            var items = await MatchesAsync(conn, pattern, open: true, limit);
            if (items.Count < limit)
            {
                items.AddRange(await MatchesAsync(conn, pattern, open: false, limit - items.Count));
            }
            return new Result(items);
        }

        /// <summary>
        /// The open tasks that match among the <see cref="FirstDueRows"/> due first (ix_tasks_open_due), in that
        /// order, each looked up with its linked record; null when they are fewer than the limit.
        /// </summary>
        private static async Task<List<Item>?> FirstDueMatchesAsync(System.Data.IDbConnection conn, string pattern, int limit)
        {
            var items = (await conn.QueryAsync<Item>(
                $"""
                with page as (
                    select t.id, t.due_at
                    from (select t.id, t.due_at, t.search, t.link_kind, t.link_id from tasks.tasks t
                          where t.completed_at is null order by t.due_at, t.id limit {FirstDueRows}) t
                    -- one lookup a task, in its own link's copy (three left joins looked up all three)
                    where t.search like @Pattern
                       or case t.link_kind
                              when 'deal' then (select d.search from tasks.deals d where d.id = t.link_id)
                              when 'company' then (select co.search from tasks.companies co where co.id = t.link_id)
                              when 'contact' then (select ct.search from tasks.contacts ct where ct.id = t.link_id)
                          end like @Pattern
                    order by t.due_at, t.id
                    limit @Limit
                )
                {ItemsOfPage}
                order by m.due_at, m.id
                """,
                new { Pattern = pattern, Limit = limit })).AsList();
            return items.Count >= limit ? items : null;
        }

        /// <summary>
        /// The tasks of one state that match, ranked: each where it is found (the task's own text by the
        /// trigram index ix_tasks_search; the first <see cref="Window"/> deals, companies or contacts whose
        /// name matches by the copy's trigram index, then each one's tasks by ix_tasks_link), each of the
        /// four a window of <see cref="Window"/> at most, never joined back to the whole table. The record's
        /// tasks are a limited lateral subquery, which PostgreSQL cannot flatten into a hash join over every
        /// task.
        /// Open: the earliest due first; done: the latest due first.
        /// </summary>
        private static async Task<List<Item>> MatchesAsync(System.Data.IDbConnection conn, string pattern, bool open, int limit)
        {
            var state = open ? "t.completed_at is null" : "t.completed_at is not null";
            var order = open ? "m.due_at, m.id" : "m.due_at desc, m.id";
            string Linked(string copies, string kind) =>
                $"""
                (select t.id, t.due_at from (select x.id from tasks.{copies} x where x.search like @Pattern limit {Window}) x
                 cross join lateral (
                     select t.id, t.due_at from tasks.tasks t where t.link_id = x.id and t.link_kind = '{kind}' and {state} limit {Window}) t
                 limit {Window})
                """;
            return (await conn.QueryAsync<Item>(
                $"""
                with matches as (
                    (select t.id, t.due_at from tasks.tasks t where t.search like @Pattern and {state} limit {Window})
                    union
                    {Linked("deals", "deal")}
                    union
                    {Linked("companies", "company")}
                    union
                    {Linked("contacts", "contact")}
                ), page as (
                    select m.id, m.due_at from matches m order by {order} limit @Limit
                )
                {ItemsOfPage}
                order by {order}
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
