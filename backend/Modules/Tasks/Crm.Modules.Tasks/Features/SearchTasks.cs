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
/// due first. Everyone signed in reads every task, as in the organizer.
/// </summary>
internal static class SearchTasks
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxText = 200;

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
            var args = new
            {
                Pattern = "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                    .Replace("_", @"\_", StringComparison.Ordinal) + "%",
                Limit = query.Limit ?? DefaultLimit,
            };
            // The matches come from the trigram indexes of the folded texts (M0010): the tasks' own, and the
            // copies' names, whose tasks ix_tasks_link hands out. Open ones first, then the done ones.
            var items = (await conn.QueryAsync<Item>(
                """
                with hits as (
                    select t.id from tasks.tasks t where t.search like @Pattern
                    union
                    select t.id from tasks.deals x join tasks.tasks t on t.link_id = x.id and t.link_kind = 'deal' where x.search like @Pattern
                    union
                    select t.id from tasks.companies x join tasks.tasks t on t.link_id = x.id and t.link_kind = 'company' where x.search like @Pattern
                    union
                    select t.id from tasks.contacts x join tasks.tasks t on t.link_id = x.id and t.link_kind = 'contact' where x.search like @Pattern
                ), page as (
                    select t.* from hits h join tasks.tasks t on t.id = h.id
                    order by t.completed_at is not null,
                             case when t.completed_at is null then t.due_at end, t.due_at desc, t.id
                    limit @Limit
                )
                select t.id as Id, t.text as Text, t.due_at as DueAt, t.completed_at as CompletedAt, t.responsible_id as ResponsibleId,
                       t.link_kind as LinkKind, t.link_id as LinkId, coalesce(d.name, co.name, ct.name) as LinkName
                from page t
                left join tasks.deals d on t.link_kind = 'deal' and d.id = t.link_id
                left join tasks.companies co on t.link_kind = 'company' and co.id = t.link_id
                left join tasks.contacts ct on t.link_kind = 'contact' and ct.id = t.link_id
                order by t.completed_at is not null, case when t.completed_at is null then t.due_at end, t.due_at desc, t.id
                """,
                args)).AsList();
            return new Result(items);
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
