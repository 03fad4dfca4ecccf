using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Tasks.Common;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// A user plans the same task on the deals selected in the deals table («Запланировать задачу»): one task per
/// deal, by Tasks' rules (<see cref="BulkPlan"/>), all in one transaction with their TaskCreated events. The
/// responsible is each deal's own unless one is chosen. Deals refused (unknown, deleted, a manager's colleague's)
/// are reported with the reason; the others are planned. More than a page: StartBulkPlan.
/// </summary>
internal static class PlanDealTasks
{
    /// <summary>The most deals in one call: a page of the table.</summary>
    public const int MaxDeals = 100;

    public sealed record Command(IReadOnlyList<Guid>? DealIds, PlannedTask? Task) : ICommand<BulkResult>, IBulkPlanRequest;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new BulkPlanRules<Command>(MaxDeals));
    }

    internal sealed class Handler(DbSession db, BulkPlan plan, CurrentUser currentUser, EventCatchUp catchUp) : ICommandHandler<Command, BulkResult>
    {
        public async ValueTask<BulkResult> Handle(Command command, CancellationToken ct)
        {
            await BulkPlan.EnsureTaskAsync(await db.ConnectionAsync(ct), catchUp, command.Task!, currentUser, ct);
            return await plan.PlanAsync(command.Task!, command.DealIds!, ct);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/tasks/bulk", async (Command command, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(command, ct)))
                .WithName(nameof(PlanDealTasks))
                .WithTags("Tasks")
                .WithSummary("Plan a task on each of the selected deals (up to 100): the refused ones reported with the reason")
                .Produces<BulkResult>()
                .ProducesValidationProblem();
    }
}
