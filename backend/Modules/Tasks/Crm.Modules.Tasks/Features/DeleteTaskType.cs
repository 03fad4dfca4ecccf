using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// The admin deletes a type they added: it is no longer offered, while the tasks of that type keep
/// it and its name. The four built-in types stay (they may be renamed).
/// </summary>
internal static class DeleteTaskType
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var code = await conn.QuerySingleOrDefaultAsync<TypeRow>(
                "select code as Code from tasks.task_types where id = @Id and deleted_at is null for update", new { command.Id })
                ?? throw new NotFoundException(T.Pick("Тип задачи не найден", "Task type not found"));
            if (code.Code is not null)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    "Встроенный тип нельзя удалить, только переименовать", "A built-in type cannot be deleted, only renamed"));
            }
            await conn.ExecuteAsync(
                "update tasks.task_types set deleted_at = @Now, version = version + 1 where id = @Id", new { command.Id, Now = clock.GetUtcNow() });
            return Unit.Value;
        }
    }

    private sealed record TypeRow(string? Code);

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/tasks/types/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(DeleteTaskType))
                .WithTags("Tasks")
                .WithSummary("Delete a task type the admin added (admin)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
