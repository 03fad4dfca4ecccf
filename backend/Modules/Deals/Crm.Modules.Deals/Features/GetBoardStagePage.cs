using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Deals.Common;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The next 50 cards of a board column, as the user scrolls (keyset, by the opaque cursor of the
/// previous page), under the same filters as the board (responsible, text, tasks).
/// </summary>
internal static class GetBoardStagePage
{
    public sealed record Page(Guid StageId, IReadOnlyList<CardResponse> Cards, string? NextCursor);

    public sealed record Query(Guid StageId, string? After, Guid? ResponsibleId, string? Q, string? Tasks = null) : IQuery<Page>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(DealRules.NameMaxLength);
            RuleFor(q => q.Tasks).Must(BoardQuery.IsTasksFilter)
                .WithMessage(_ => T.Pick("Фильтр задач: none или overdue", "The tasks filter is none or overdue"));
        }
    }

    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<Query, Page>
    {
        public async ValueTask<Page> Handle(Query query, CancellationToken ct)
        {
            BoardQuery.Cursor? after = string.IsNullOrEmpty(query.After) ? null : BoardQuery.Cursor.Decode(query.After);
            var conn = await db.ConnectionAsync(ct);
            _ = await Stages.FindAsync(conn, query.StageId) ?? throw new NotFoundException(T.Pick("Этап не найден", "Stage not found"));
            var rows = await new BoardQuery(query.ResponsibleId, query.Q, query.Tasks, clock.GetUtcNow()).PageAsync(conn, query.StageId, after);
            var (cards, next) = BoardQuery.Paged(rows);
            return new Page(query.StageId, cards, next);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/board/stages/{stageId:guid}",
                    async (Guid stageId, string? after, Guid? responsibleId, string? q, string? tasks, ISender sender, CancellationToken ct) =>
                        Results.Ok(await sender.Send(new Query(stageId, after, responsibleId, q, tasks), ct)))
                .WithName(nameof(GetBoardStagePage))
                .WithTags("Deals")
                .WithSummary("The next page of a board column")
                .Produces<Page>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
