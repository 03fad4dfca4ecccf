using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Jobs;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// A user plans the same task on "all that the filter selects" in the deals table, having confirmed the count:
/// the front end reads the deals' ids from Deals (GET /api/deals/ids) and hands them here. The ids and the task
/// are kept in tasks.bulk_jobs, and a background job (<see cref="BulkPlanRunner"/>) plans a chunk at a time
/// acting for the user, each chunk one transaction with its progress, by the rules of PlanDealTasks. The answer
/// is the job, for its progress (GET /api/tasks/bulk-jobs/{id}).
/// </summary>
internal static class StartBulkPlan
{
    public const int MaxDeals = 10_000;

    public sealed record Command(IReadOnlyList<Guid>? DealIds, PlannedTask? Task) : IRequest<BulkJobResponse>, IBulkPlanRequest;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new BulkPlanRules<Command>(MaxDeals));
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, EventCatchUp catchUp, TimeProvider clock, WorkSignal<BulkPlanRunner> signal)
        : IRequestHandler<Command, BulkJobResponse>
    {
        public async ValueTask<BulkJobResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await BulkPlan.EnsureTaskAsync(conn, catchUp, command.Task!, currentUser, ct);
            var id = await BulkJobs.InsertAsync(
                conn, "tasks", currentUser, new BulkPlan.JobCommand(BulkPlan.Action, command.Task!), command.DealIds!.Distinct().ToArray(), clock.GetUtcNow());
            signal.Poke();
            return await BulkJobs.ReadAsync(conn, "tasks", id, currentUser);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapStartBulkJob<Command>("tasks")
                .WithName(nameof(StartBulkPlan))
                .WithTags("Tasks")
                .WithSummary("Plan a task on each of many deals (up to 10,000) in the background")
                .WithDescription("Body { dealIds, task } as POST /api/tasks/bulk. 202 with the job; GET /api/tasks/bulk-jobs/{id} for its progress and report.");
    }
}
