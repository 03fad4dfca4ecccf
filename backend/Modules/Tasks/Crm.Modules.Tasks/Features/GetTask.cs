using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Tasks.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>A user opens a task (to edit or complete it).</summary>
internal static class GetTask
{
    public sealed record Query(Guid Id) : IQuery<TaskResponse>;

    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<Query, TaskResponse>
    {
        public async ValueTask<TaskResponse> Handle(Query query, CancellationToken ct) =>
            await TaskReader.ByIdAsync(await db.ConnectionAsync(ct), query.Id, clock.GetUtcNow()) ?? throw TaskChecks.NotFound();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/tasks/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .WithName(nameof(GetTask))
                .WithTags("Tasks")
                .WithSummary("A task")
                .Produces<TaskResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
