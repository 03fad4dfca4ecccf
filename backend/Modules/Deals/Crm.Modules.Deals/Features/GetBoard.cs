using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Deals.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A pipeline's board: every stage in order, with the count and the budget sums (one per currency,
/// never mixed: ADR 0005) of the whole column under the filters (computed in SQL) and its first 50
/// cards, newest in the stage first. Filters:
/// responsible user, text, and tasks (<c>none</c>: open deals without an open task; <c>overdue</c>:
/// deals whose nearest open task is past due).
/// </summary>
internal static class GetBoard
{
    public sealed record Stage(
        Guid StageId, long Count, IReadOnlyList<BoardQuery.BudgetSum> BudgetSums, IReadOnlyList<CardResponse> Cards, string? NextCursor);

    public sealed record Board(Guid PipelineId, IReadOnlyList<Stage> Stages);

    public sealed record Query(Guid? PipelineId, Guid? ResponsibleId, string? Q, string? Tasks = null) : IQuery<Board>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.PipelineId).NotEmpty().WithMessage(_ => T.Pick("Выберите воронку", "Choose a pipeline"));
            RuleFor(q => q.Q).MaximumLength(DealRules.NameMaxLength);
            RuleFor(q => q.Tasks).Must(BoardQuery.IsTasksFilter)
                .WithMessage(_ => T.Pick("Фильтр задач: none или overdue", "The tasks filter is none or overdue"));
        }
    }

    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<Query, Board>
    {
        public async ValueTask<Board> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var pipelineId = query.PipelineId!.Value;
            var stages = await Stages.OfPipelineAsync(conn, pipelineId);
            if (stages.Count == 0
                && !await conn.ExecuteScalarAsync<bool>("select exists (select 1 from deals.pipelines where id = @pipelineId)", new { pipelineId }))
            {
                throw new NotFoundException(T.Pick("Воронка не найдена", "Pipeline not found"));
            }
            var stageIds = stages.Select(s => s.Id).ToList();
            var board = new BoardQuery(query.ResponsibleId, query.Q, query.Tasks, clock.GetUtcNow());
            var totals = await board.TotalsAsync(conn, pipelineId, stageIds);
            var cards = await board.FirstPagesAsync(conn, pipelineId, stageIds, totals);
            return new Board(pipelineId, stages.Select(s =>
            {
                var total = totals.GetValueOrDefault(s.Id) ?? BoardQuery.Totals.None;
                var (page, next) = BoardQuery.Paged(cards[s.Id]);
                return new Stage(s.Id, total.Count, total.BudgetSums, page, next);
            }).ToList());
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/board",
                    async (Guid? pipelineId, Guid? responsibleId, string? q, string? tasks, ISender sender, CancellationToken ct) =>
                        Results.Ok(await sender.Send(new Query(pipelineId, responsibleId, q, tasks), ct)))
                .WithName(nameof(GetBoard))
                .WithTags("Deals")
                .WithSummary("A pipeline's board: every stage with its count, budget sums per currency and first page of cards")
                .Produces<Board>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
