using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Tasks.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// The tasks of one deal, company or contact, for its card: the open ones by due time (overdue
/// first), or the completed ones, last done first. Keyset paged; a record without tasks (or one
/// Tasks never heard of) has an empty list.
/// </summary>
internal static class ListLinkedTasks
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const string Open = "open";
    public const string Completed = "completed";

    public sealed record Query(string? LinkKind, Guid? LinkId, string? State, string? After, int? Limit) : IQuery<Page>;

    public sealed record Page(IReadOnlyList<TaskResponse> Items, string? NextCursor);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.LinkKind).Must(k => k is not null && LinkKinds.All.Contains(k))
                .WithMessage(_ => T.Pick("linkKind: deal, company или contact", "linkKind must be deal, company or contact"));
            RuleFor(q => q.LinkId).NotNull()
                .WithMessage(_ => T.Pick("Укажите запись (linkId)", "Give the record (linkId)"));
            RuleFor(q => q.State).Must(s => s is null or Open or Completed)
                .WithMessage(_ => T.Pick("state: open или completed", "state must be open or completed"));
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit)
                .WithMessage(_ => T.Pick($"limit: от 1 до {MaxLimit}", $"limit must be 1 to {MaxLimit}"));
        }
    }

    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<Query, Page>
    {
        public async ValueTask<Page> Handle(Query query, CancellationToken ct)
        {
            var completed = query.State == Completed;
            var (afterAt, afterId) = TaskCursor.Parse(query.After);
            var limit = query.Limit ?? DefaultLimit;
            // open: ix_tasks_link (link_id, due_at); completed: ix_tasks_link_completed (M0003)
            var sql = completed
                ? $"""
                  {TaskReader.Select}
                  where t.link_id = @LinkId and t.link_kind = @LinkKind and t.completed_at is not null
                    {(afterId is null ? "" : "and (t.completed_at, t.id) < (@AfterAt, @AfterId)")}
                  order by t.completed_at desc, t.id desc
                  limit @Take
                  """
                : $"""
                  {TaskReader.Select}
                  where t.link_id = @LinkId and t.link_kind = @LinkKind and t.completed_at is null
                    {(afterId is null ? "" : "and (t.due_at, t.id) > (@AfterAt, @AfterId)")}
                  order by t.due_at, t.id
                  limit @Take
                  """;
            var conn = await db.ConnectionAsync(ct);
            var now = clock.GetUtcNow();
            var rows = (await conn.QueryAsync<TaskReader.Row>(
                sql, new { query.LinkId, query.LinkKind, AfterAt = afterAt, AfterId = afterId, Take = limit + 1 })).ToList();
            var items = rows.Take(limit).Select(r => r.ToResponse(now)).ToList();
            return new Page(items, rows.Count > limit ? TaskCursor.Of(completed ? items[^1].CompletedAt!.Value : items[^1].DueAt, items[^1].Id) : null);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/tasks/linked", async (string? linkKind, Guid? linkId, string? state, string? after, int? limit,
                    ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(linkKind, linkId, state, after, limit), ct)))
                .WithName(nameof(ListLinkedTasks))
                .WithTags("Tasks")
                .WithSummary("The tasks of a deal, company or contact: open by due time, or completed, last done first")
                .WithDescription("state=open (default) lists open tasks, overdue first; state=completed lists done tasks by completion time, newest first. Keyset paged by nextCursor.")
                .Produces<Page>()
                .ProducesValidationProblem();
    }
}
