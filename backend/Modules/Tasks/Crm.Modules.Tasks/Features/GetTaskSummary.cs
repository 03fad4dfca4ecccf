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
/// A screen showing several deals (a board page, a list) asks how each stands with tasks: the
/// number of open tasks, the nearest due time and whether one is overdue. Deals absent from the
/// answer have no open tasks.
/// </summary>
internal static class GetTaskSummary
{
    public const int MaxDeals = 200;

    public sealed record Query(IReadOnlyList<Guid> DealIds) : IQuery<IReadOnlyList<DealTasks>>;

    public sealed record DealTasks(Guid DealId, int OpenCount, DateTimeOffset NextDueAt, bool Overdue);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.DealIds).Must(ids => ids.Count is >= 1 and <= MaxDeals)
                .WithMessage(_ => T.Pick($"dealIds: от 1 до {MaxDeals} сделок через запятую", $"dealIds must list 1 to {MaxDeals} deals, comma-separated"));
    }

    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<DealTasks>>
    {
        public async ValueTask<IReadOnlyList<DealTasks>> Handle(Query query, CancellationToken ct) =>
            (await (await db.ConnectionAsync(ct)).QueryAsync<DealTasks>(
                """
                select link_id as DealId, count(*)::int as OpenCount, min(due_at) as NextDueAt, min(due_at) < @Now as Overdue
                from tasks.tasks
                where link_id = any(@Ids) and link_kind = 'deal' and completed_at is null
                group by link_id
                """,
                new { Ids = query.DealIds.Distinct().ToArray(), Now = clock.GetUtcNow() })).ToList();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/tasks/summary", async (string? dealIds, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(Parse(dealIds)), ct)))
                .WithName(nameof(GetTaskSummary))
                .WithTags("Tasks")
                .WithSummary("Open tasks per deal: count, nearest due time, overdue")
                .Produces<IReadOnlyList<DealTasks>>()
                .ProducesValidationProblem();

        private static List<Guid> Parse(string? ids) =>
            (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty)
                .Where(id => id != Guid.Empty)
                .ToList();
    }
}
