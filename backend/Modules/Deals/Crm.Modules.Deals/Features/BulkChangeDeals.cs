using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Jobs;
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
/// A user changes the deals selected in the table at once: gives them to another responsible, moves
/// them to a stage, adds a tag («Добавить тег»), or (an admin) deletes them. Each deal goes through its
/// own use case (AssignDeal, MoveDealToStage, SetDealTags, DeleteDeal) in its own transaction, so the rights, rules and events are those of
/// a single change; a deal the user may not change, or that the change does not fit, is reported
/// with the reason and the others still change.
/// </summary>
internal static class BulkChangeDeals
{
    /// <summary>The most deals in one call: a page of the table.</summary>
    public const int MaxIds = 200;

    public static readonly string[] Actions = ["assign", "move", "addTag", "delete"];

    public sealed record Command(string? Action, IReadOnlyList<Guid>? Ids, Guid? ResponsibleId, Guid? StageId, Guid? TagId = null)
        : IRequest<BulkResult>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Action).Must(a => a is not null && Actions.Contains(a))
                .WithMessage(_ => T.Pick($"Действие: {string.Join(", ", Actions)}", $"The action is one of {string.Join(", ", Actions)}"));
            RuleFor(c => c.Ids).Must(ids => ids is { Count: > 0 and <= MaxIds })
                .WithMessage(_ => T.Pick($"Выберите от 1 до {MaxIds} сделок", $"Choose 1 to {MaxIds} deals"));
            RuleFor(c => c.ResponsibleId).NotEmpty().When(c => c.Action == "assign")
                .WithMessage(_ => T.Pick("Выберите ответственного", "Choose the responsible user"));
            RuleFor(c => c.StageId).NotEmpty().When(c => c.Action == "move")
                .WithMessage(_ => T.Pick("Выберите этап", "Choose the stage"));
            RuleFor(c => c.TagId).NotEmpty().When(c => c.Action == "addTag")
                .WithMessage(_ => T.Pick("Выберите тег", "Choose the tag"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, ISender sender) : IRequestHandler<Command, BulkResult>
    {
        private sealed record Before(Guid Id, string Name, int Version);

        public async ValueTask<BulkResult> Handle(Command command, CancellationToken ct)
        {
            if (command.Action == "delete" && !currentUser.IsAdmin)
            {
                throw new ForbiddenException(T.Pick("Удалять сделки может администратор", "Only an admin deletes deals"));
            }
            var ids = command.Ids!.Distinct().ToArray();
            var conn = await db.ConnectionAsync(ct);
            var before = (await conn.QueryAsync<Before>(new CommandDefinition(
                    "select id as Id, name as Name, version as Version from deals.deals where id = any(@Ids) and deleted_at is null",
                    new { Ids = ids }, cancellationToken: ct)))
                .ToDictionary(d => d.Id);
            var changed = 0;
            var unchanged = 0;
            var refused = new List<BulkRefusal>();
            foreach (var id in ids)
            {
                if (!before.TryGetValue(id, out var deal))
                {
                    refused.Add(new BulkRefusal(id, null, T.Pick("Сделка не найдена", "The deal was not found")));
                    continue;
                }
                try
                {
                    // Each deal is its own command and transaction; once begun, the batch (a page at
                    // most) is finished even if the caller goes away, so the report stays true.
                    var version = await ChangeAsync(command, id, CancellationToken.None);
                    if (version == deal.Version)
                    {
                        unchanged++;
                    }
                    else
                    {
                        changed++;
                    }
                }
                catch (Exception e) when (e is ForbiddenException or NotFoundException or ConcurrencyConflictException or ConflictException
                                              or FieldValidationException or ValidationException)
                {
                    refused.Add(new BulkRefusal(id, deal.Name, Reason(e)));
                }
            }
            return new BulkResult(changed, unchanged, refused);
        }

        /// <summary>The deal's version after the change (a deleted deal: -1).</summary>
        private async Task<int> ChangeAsync(Command command, Guid id, CancellationToken ct)
        {
            switch (command.Action)
            {
                case "assign":
                    return (await sender.Send(new AssignDeal.Command(id, command.ResponsibleId, null), ct)).Version;
                case "move":
                    return (await sender.Send(new MoveDealToStage.Command(id, command.StageId, null), ct)).Version;
                case "addTag":
                    return (await sender.Send(new SetDealTags.Command(id, null, null, command.TagId), ct)).Version;
                default:
                    await sender.Send(new DeleteDeal.Command(id), ct);
                    return -1;
            }
        }

        private static string Reason(Exception e) => e is ValidationException validation
            ? string.Join("; ", validation.Errors.Select(x => x.ErrorMessage).Distinct())
            : e.Message;
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/bulk", async (Command command, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(command, ct)))
                .WithName(nameof(BulkChangeDeals))
                .WithTags("Deals")
                .WithSummary("Change the selected deals at once (assign, move, addTag, delete): each deal by its own rules, the refused ones reported")
                .Produces<BulkResult>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
