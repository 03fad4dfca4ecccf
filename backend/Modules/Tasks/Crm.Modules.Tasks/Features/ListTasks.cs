using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Tasks.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// The organizer: a user looks at the open tasks that are overdue, due today, tomorrow or this
/// week, or at every task of a calendar range, filtered by responsible and type. Days are the
/// viewing user's days (their time zone). Oldest due first, keyset paged.
/// </summary>
internal static class ListTasks
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 500;
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(100);
    private static readonly DateTimeOffset Beginning = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public sealed record Query(
        string? View, DateTimeOffset? From, DateTimeOffset? To, Guid? ResponsibleId, Guid? TypeId, string? After, int? Limit)
        : IQuery<Page>;

    public sealed record Page(IReadOnlyList<TaskResponse> Items, string? NextCursor);

    internal sealed class Validator : AbstractValidator<Query>
    {
        private static readonly string[] Views = ["overdue", "today", "tomorrow", "week", "range"];

        public Validator()
        {
            RuleFor(q => q.View).Must(v => v is not null && Views.Contains(v))
                .WithMessage(_ => T.Pick("view: overdue, today, tomorrow, week или range", "view must be overdue, today, tomorrow, week or range"));
            RuleFor(q => q.From).NotNull().When(q => q.View == "range")
                .WithMessage(_ => T.Pick("Укажите начало периода", "Give the start of the range"));
            RuleFor(q => q.To).NotNull().When(q => q.View == "range")
                .WithMessage(_ => T.Pick("Укажите конец периода", "Give the end of the range"));
            RuleFor(q => q.To).Must((q, to) => q.From is null || to is null || (to > q.From && to - q.From <= MaxRange))
                .When(q => q.View == "range")
                .WithMessage(_ => T.Pick("Период: от начала до конца, не больше 100 дней", "The range must end after it starts and span at most 100 days"));
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit)
                .WithMessage(_ => T.Pick($"limit: от 1 до {MaxLimit}", $"limit must be 1 to {MaxLimit}"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : IQueryHandler<Query, Page>
    {
        public async ValueTask<Page> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var now = clock.GetUtcNow();
            var zone = await UserZone.OfUserAsync(conn, currentUser.Id);
            var today = zone.DateOf(now);
            var (from, to, openOnly) = query.View switch
            {
                "overdue" => (Beginning, now, true),
                "today" => (now, zone.StartOf(today.AddDays(1)), true),
                "tomorrow" => (zone.StartOf(today.AddDays(1)), zone.StartOf(today.AddDays(2)), true),
                // the rest of the week (Monday to Sunday) from now on, today and tomorrow included
                "week" => (now, zone.StartOf(today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7)), true),
                _ => (query.From!.Value, query.To!.Value, false),
            };
            var (afterDue, afterId) = TaskCursor.Parse(query.After);
            var limit = query.Limit ?? DefaultLimit;
            // The page first, then the names for its rows: with the joins under the limit, a range the planner
            // underestimates (today, for everyone) was joined whole and sorted (40 ms instead of 5 over 3,000,000 tasks).
            var page =
                $"""
                select t.* from tasks.tasks t
                where t.due_at >= @From and t.due_at < @To
                  {(openOnly ? "and t.completed_at is null" : "")}
                  {(query.ResponsibleId is null ? "" : "and t.responsible_id = @ResponsibleId")}
                  {(query.TypeId is null ? "" : "and t.type_id = @TypeId")}
                  {(afterId is null ? "" : "and (t.due_at, t.id) > (@AfterDue, @AfterId)")}
                order by t.due_at, t.id
                limit @Take
                """;
            var rows = (await conn.QueryAsync<TaskReader.Row>(
                $"{TaskReader.SelectFrom(page)} order by t.due_at, t.id",
                new { From = from, To = to, query.ResponsibleId, query.TypeId, AfterDue = afterDue, AfterId = afterId, Take = limit + 1 })).ToList();
            var more = rows.Count > limit;
            var items = rows.Take(limit).Select(r => r.ToResponse(now)).ToList();
            return new Page(items, more ? TaskCursor.Of(items[^1].DueAt, items[^1].Id) : null);
        }
    }

    /// <summary>
    /// <c>GET /api/tasks</c>: the organizer with <c>view</c>; the tasks table (ListTaskTable) when <c>sort</c>,
    /// <c>ready</c> or an <c>f.*</c> filter is given instead. Both together: 400 on <c>view</c>.
    /// </summary>
    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/tasks", async (string? view, DateTimeOffset? from, DateTimeOffset? to, Guid? responsibleId, Guid? typeId,
                    string? sort, string? ready, string? after, int? limit, HttpRequest request, ISender sender, CancellationToken ct) =>
                    {
                        var filters = ColumnFilters.Of(request.Query);
                        if (sort is null && ready is null && filters.Count == 0)
                        {
                            return Results.Ok(await sender.Send(new Query(view, from, to, responsibleId, typeId, after, limit), ct));
                        }
                        if (view is not null)
                        {
                            throw new FieldValidationException("view", T.Pick(
                                "view — для органайзера; sort, ready и f.* — для таблицы: не вместе", "view is the organizer's; sort, ready and f.* the table's: not together"));
                        }
                        return Results.Ok(await sender.Send(new ListTaskTable.Query(sort, ready, after, limit, filters), ct));
                    })
                .WithName(nameof(ListTasks))
                .WithTags("Tasks")
                .WithSummary("The organizer (view=overdue|today|tomorrow|week|range), or the tasks table (sort, ready, f.<column>)")
                .WithDescription("Days are the signed-in user's, in their time zone. overdue, today, tomorrow and week list open tasks; range lists every task due in [from, to). With sort, ready or f.<column>=… instead of view: the tasks table, keyset pages with a total on the first (docs/tasks-api.md, \"The tasks table\").")
                .Produces<Page>()
                .Produces<ListTaskTable.Page>()
                .ProducesValidationProblem();
    }
}
