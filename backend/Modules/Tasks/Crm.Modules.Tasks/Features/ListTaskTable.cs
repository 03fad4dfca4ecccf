using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Tasks.Common;
using FluentValidation;
using Mediator;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// The tasks table («Список» of the organizer, «как в Excel»): every task, open and done, sorted by the
/// column the user picks, filtered per column (<c>f.&lt;column&gt;</c>) and by a ready filter of «Поиск и
/// фильтр» (overdue, today, done this week: the caller's days), a keyset page at a time, with the count
/// of what the filters select on the first page. Everyone signed in reads every task, as in the organizer.
/// Served by <c>GET /api/tasks</c> when <c>sort</c>, <c>ready</c> or an <c>f.*</c> is given (ListTasks' endpoint).
/// </summary>
internal static class ListTaskTable
{
    /// <summary>A page; <c>Total</c> only on the first page (no cursor given), else null.</summary>
    public sealed record Page(IReadOnlyList<TaskResponse> Items, string? NextCursor, long? Total);

    /// <param name="Filters">The <c>f.&lt;column&gt;</c> query parameters, by column.</param>
    public sealed record Query(string? Sort, string? Ready, string? After, int? Limit, IReadOnlyDictionary<string, string> Filters)
        : IQuery<Page>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, TaskTableQuery.MaxLimit)
                .WithMessage(_ => T.Pick($"limit: от 1 до {TaskTableQuery.MaxLimit}", $"limit must be 1 to {TaskTableQuery.MaxLimit}"));
            RuleFor(q => q.Sort).MaximumLength(50);
            RuleFor(q => q.Ready).Must(r => r is null || TaskTableQuery.ReadyFilters.Contains(r))
                .WithMessage(_ => T.Pick("Готовый фильтр: overdue, today или done-this-week", "A ready filter is overdue, today or done-this-week"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : IQueryHandler<Query, Page>
    {
        public async ValueTask<Page> Handle(Query query, CancellationToken ct)
        {
            TableCursor? after = string.IsNullOrEmpty(query.After) ? null : TableCursor.Decode(query.After);
            var conn = await db.ConnectionAsync(ct);
            var now = clock.GetUtcNow();
            var table = new TaskTableQuery(query.Sort, query.Ready, query.Filters, now, await UserZone.OfUserAsync(conn, currentUser.Id));
            var limit = query.Limit ?? TaskTableQuery.DefaultLimit;
            var rows = await table.PageAsync(conn, after, limit);
            var next = rows.Count > limit ? table.CursorAfter(rows[limit - 1]).Encode() : null;
            long? total = after is null ? await table.CountAsync(conn) : null;
            return new Page(rows.Take(limit).Select(r => r.Row.ToResponse(now)).ToList(), next, total);
        }
    }
}
