using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Tasks.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>A user picks a task's type: the types not deleted, in order.</summary>
internal static class ListTaskTypes
{
    public sealed record Query : IQuery<IReadOnlyList<TaskTypeResponse>>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<TaskTypeResponse>>
    {
        public async ValueTask<IReadOnlyList<TaskTypeResponse>> Handle(Query query, CancellationToken ct) =>
            (await (await db.ConnectionAsync(ct)).QueryAsync<TaskTypeRow>(
                $"select {TaskTypeRow.Columns} from tasks.task_types where deleted_at is null order by position, name_ru"))
            .Select(r => r.ToResponse()).ToList();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/tasks/types", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .WithName(nameof(ListTaskTypes))
                .WithTags("Tasks")
                .WithSummary("Task types")
                .Produces<IReadOnlyList<TaskTypeResponse>>();
    }
}
