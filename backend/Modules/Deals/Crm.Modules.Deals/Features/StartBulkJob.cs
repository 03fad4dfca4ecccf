using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Jobs;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A user changes "all that the filter selects" in the deals table at once, having confirmed the count:
/// the deals the view's pipeline and filters select now (up to <see cref="MaxDeals"/>) are kept with the
/// change, and a background job (<see cref="BulkChangeRunner"/>) puts them through BulkChangeDeals a chunk
/// at a time, acting for the user, so the rights, rules, events and the report are those of changing
/// them page by page. The answer is the job, for its progress (GetBulkJob).
/// </summary>
internal static class StartBulkJob
{
    public const int MaxDeals = DealTableQuery.MaxSelected;

    /// <param name="Change">What to do: BulkChangeDeals' command without ids.</param>
    /// <param name="PipelineId">The view's pipeline (none: all).</param>
    /// <param name="Filters">The view's filters by column, as the table sends them (<c>f.stage</c> → <c>stage</c>, or with the "f." prefix).</param>
    public sealed record Command(BulkChangeDeals.Command? Change, Guid? PipelineId, IReadOnlyDictionary<string, string>? Filters)
        : IRequest<BulkJobResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Change).NotNull().WithMessage(_ => T.Pick("Укажите изменение", "Say what to change"));
            // the change as BulkChangeDeals judges it, its ids aside (the filter picks them)
            RuleFor(c => c.Change).Custom((change, context) =>
            {
                foreach (var failure in change is null ? [] : new BulkChangeDeals.Validator().Validate(change with { Ids = [Guid.Empty] }).Errors)
                {
                    context.AddFailure($"change.{JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName)}", failure.ErrorMessage);
                }
            });
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock, WorkSignal<BulkChangeRunner> signal)
        : IRequestHandler<Command, BulkJobResponse>
    {
        public async ValueTask<BulkJobResponse> Handle(Command command, CancellationToken ct)
        {
            var change = command.Change! with { Ids = null };
            if (change.Action == "delete" && !currentUser.IsAdmin)
            {
                throw new ForbiddenException(T.Pick("Удалять сделки может администратор", "Only an admin deletes deals"));
            }
            var filters = (command.Filters ?? new Dictionary<string, string>())
                .ToDictionary(f => f.Key.StartsWith("f.", StringComparison.Ordinal) ? f.Key[2..] : f.Key, f => f.Value, StringComparer.Ordinal);
            var conn = await db.ConnectionAsync(ct);
            var ids = await new DealTableQuery(command.PipelineId, null, filters, await DealTableQuery.CustomFieldsAsync(conn)).IdsAsync(conn, MaxDeals);
            if (ids.Length == 0)
            {
                throw new FieldValidationException("filters", T.Pick("Фильтр не выбрал ни одной сделки", "The filter selects no deals"));
            }
            var id = await BulkJobs.InsertAsync(conn, "deals", currentUser, change, ids, clock.GetUtcNow());
            signal.Poke();
            return await BulkJobs.ReadAsync(conn, "deals", id, currentUser);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapStartBulkJob<Command>("deals")
                .WithName(nameof(StartBulkJob))
                .WithTags("Deals")
                .WithSummary("Change all the deals a table view selects (up to 10,000) in the background, each by its own rules")
                .WithDescription("Body { change: { action, responsibleId?, stageId? }, pipelineId?, filters: { \"f.<column>\": expression } }. 202 with the job; GET /api/deals/bulk-jobs/{id} for its progress and report.")
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
