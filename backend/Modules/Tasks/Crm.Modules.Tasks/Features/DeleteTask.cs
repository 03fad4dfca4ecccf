using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>The task's author (or an admin) deletes a task set by mistake.</summary>
internal static class DeleteTask
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var task = await conn.QuerySingleOrDefaultAsync<TaskRow>(
                $"delete from tasks.tasks where id = @Id returning {TaskRow.Columns}", new { command.Id })
                ?? throw TaskChecks.NotFound();
            if (!currentUser.IsAdmin && task.AuthorId != currentUser.Id)
            {
                // the transaction rolls the delete back
                throw new ForbiddenException(T.Pick("Удалить задачу может её автор или администратор", "Only the task's author or an admin may delete it"));
            }
            var deleted = task.ToState() with { Version = task.Version + 1, Status = TaskStatuses.Deleted };
            await events.PublishAsync(new TaskDeleted(deleted, task.IsOpen, currentUser.Id), ct);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/tasks/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .WithName(nameof(DeleteTask))
                .WithTags("Tasks")
                .WithSummary("Delete a task (its author or an admin)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
