using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// A user marks a task done with its result (what was done or agreed) and may plan the next task
/// in the same step; the next task is linked where the done one was unless it says otherwise. The
/// answer says whether the linked deal is now left without open tasks, so the UI can warn.
/// </summary>
internal static class CompleteTask
{
    public const int ResultMaxLength = 4000;

    public sealed record NextTask(
        Guid? TypeId,
        string? Text,
        DateTimeOffset? DueAt,
        bool AllDay,
        DateOnly? DueDate,
        int? DurationMinutes,
        Guid? ResponsibleId,
        string? LinkKind,
        Guid? LinkId) : ITaskFields;

    public sealed record Body(string? Result, NextTask? Next, int? Version);

    public sealed record Command(Guid Id, string? Result, NextTask? Next, int? Version) : ICommand<Response>;

    public sealed record Response(TaskResponse Task, TaskResponse? Next, bool DealLeftWithoutTasks);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Result).Must(r => !string.IsNullOrWhiteSpace(r))
                .WithMessage(_ => T.Pick("Напишите результат: что сделали или о чём договорились", "Write the result: what was done or agreed"));
            RuleFor(c => c.Result).Must(r => r is null || r.Trim().Length <= ResultMaxLength)
                .WithMessage(_ => T.Pick($"Не больше {ResultMaxLength} символов", $"At most {ResultMaxLength} characters"));
            RuleFor(c => c.Next!).SetValidator(new TaskFieldsRules<NextTask>()).When(c => c.Next is not null);
        }
    }

    internal sealed class Handler(DbSession db, NewTask newTask, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var task = await TaskChecks.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            TaskChecks.EnsureOpen(task);
            var me = currentUser.Id;
            var now = clock.GetUtcNow();
            var done = await conn.QuerySingleAsync<TaskRow>(
                $"""
                update tasks.tasks set completed_at = @Now, completed_by = @Me, result = @Result, updated_at = @Now, version = version + 1
                where id = @Id
                returning {TaskRow.Columns}
                """,
                new { task.Id, Now = now, Me = me, Result = command.Result!.Trim() });

            TaskRow? next = null;
            if (command.Next is { } fields)
            {
                var linked = fields.LinkKind is null && fields.LinkId is null
                    ? fields with { LinkKind = done.LinkKind, LinkId = done.LinkId }
                    : fields;
                next = await newTask.CreateAsync(linked, me, ct);
            }
            await events.PublishAsync(new TaskCompleted(done.ToState(), done.Result!, now, next?.Id, me), ct);

            var leftWithout = done.DealId is { } dealId && await conn.ExecuteScalarAsync<bool>(
                """
                select exists (select 1 from tasks.deals where id = @dealId and not closed and not deleted)
                   and not exists (select 1 from tasks.tasks where link_id = @dealId and link_kind = 'deal' and completed_at is null)
                """,
                new { dealId });
            return new Response(
                (await TaskReader.ByIdAsync(conn, done.Id, now))!,
                next is null ? null : await TaskReader.ByIdAsync(conn, next.Id, now),
                leftWithout);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/tasks/{id:guid}/complete", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Result, body.Next, body.Version), ct)))
                .WithName(nameof(CompleteTask))
                .WithTags("Tasks")
                .WithSummary("Complete a task with its result, optionally planning the next one")
                .Produces<Response>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
