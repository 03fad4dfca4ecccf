using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Tasks.Common;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// A user plans a task: on a deal (mostly, from its card), a company, a contact or nothing. Its
/// responsible defaults to the deal's responsible, else to the author; anyone may set a task for a colleague.
/// </summary>
internal static class CreateTask
{
    public sealed record Command(
        Guid? TypeId,
        string? Text,
        DateTimeOffset? DueAt,
        bool AllDay,
        DateOnly? DueDate,
        int? DurationMinutes,
        Guid? ResponsibleId,
        string? LinkKind,
        Guid? LinkId) : ICommand<TaskResponse>, ITaskFields;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new TaskFieldsRules<Command>());
    }

    internal sealed class Handler(DbSession db, NewTask newTask, CurrentUser currentUser, TimeProvider clock)
        : ICommandHandler<Command, TaskResponse>
    {
        public async ValueTask<TaskResponse> Handle(Command command, CancellationToken ct)
        {
            var task = await newTask.CreateAsync(command, currentUser.Id, ct);
            return (await TaskReader.ByIdAsync(await db.ConnectionAsync(ct), task.Id, clock.GetUtcNow()))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/tasks", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var task = await sender.Send(command, ct);
                    return Results.Created($"/api/tasks/{task.Id}", task);
                })
                .WithName(nameof(CreateTask))
                .WithTags("Tasks")
                .WithSummary("Plan a task (on a deal, company, contact or nothing)")
                .Produces<TaskResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem();
    }
}
