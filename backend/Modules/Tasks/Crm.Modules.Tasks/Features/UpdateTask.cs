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
/// A user edits an open task: text, type, due time (reschedule), duration, responsible (reassign)
/// or link. Managers edit the tasks they set or are responsible for. A stale version is refused (409).
/// A new due time arms the reminder and the overdue notice again.
/// </summary>
internal static class UpdateTask
{
    public sealed record Body(
        Guid? TypeId,
        string? Text,
        DateTimeOffset? DueAt,
        bool AllDay,
        DateOnly? DueDate,
        int? DurationMinutes,
        Guid? ResponsibleId,
        string? LinkKind,
        Guid? LinkId,
        int? Version);

    /// <summary>Left out, the responsible stays; a left-out link removes it (the form sends the whole task).</summary>
    public sealed record Command(
        Guid Id,
        Guid? TypeId,
        string? Text,
        DateTimeOffset? DueAt,
        bool AllDay,
        DateOnly? DueDate,
        int? DurationMinutes,
        Guid? ResponsibleId,
        string? LinkKind,
        Guid? LinkId,
        int? Version) : ICommand<TaskResponse>, ITaskFields;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new TaskFieldsRules<Command>());
            RuleFor(c => c.Version).NotNull().WithMessage(_ => T.Pick(
                "Не указана версия задачи", "The task's version is missing"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, TaskResponse>
    {
        public async ValueTask<TaskResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var task = await TaskChecks.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            TaskChecks.EnsureOpen(task);
            await TaskChecks.EnsureTypeAsync(conn, command.TypeId!.Value);
            if (command.LinkKind != task.LinkKind || command.LinkId != task.LinkId)
            {
                await TaskChecks.EnsureLinkAsync(conn, catchUp, command.LinkKind, command.LinkId, ct);
            }
            var responsibleId = command.ResponsibleId ?? task.ResponsibleId;
            if (responsibleId != task.ResponsibleId)
            {
                await TaskChecks.EnsureResponsibleAsync(conn, catchUp, responsibleId, currentUser.Id, ct);
            }
            var zone = await UserZone.OfUserAsync(conn, responsibleId);
            var (dueAt, dueDate) = NewTask.Due(command, zone);
            var rescheduled = dueAt != task.DueAt;
            var reassigned = responsibleId != task.ResponsibleId;
            var now = clock.GetUtcNow();
            var updated = await conn.QuerySingleAsync<TaskRow>(
                $"""
                update tasks.tasks
                set type_id = @TypeId, text = @Text, due_at = @DueAt, all_day = @AllDay, due_date = @DueDate::date,
                    duration_minutes = @DurationMinutes, responsible_id = @ResponsibleId, link_kind = @LinkKind, link_id = @LinkId,
                    link_search = {LinkSearch.OfLink},
                    remind_at = @RemindAt,
                    reminded_at = case when @Rearm then null else reminded_at end,
                    overdue_at = case when @Rescheduled then null else overdue_at end,
                    updated_at = @Now, version = version + 1
                where id = @Id
                returning {TaskRow.Columns}
                """,
                new
                {
                    task.Id,
                    TypeId = command.TypeId.Value,
                    Text = command.Text!.Trim(),
                    DueAt = dueAt,
                    command.AllDay,
                    DueDate = dueDate?.ToDateTime(TimeOnly.MinValue),
                    DurationMinutes = command.AllDay ? null : command.DurationMinutes,
                    ResponsibleId = responsibleId,
                    command.LinkKind,
                    LinkId = command.LinkKind is null ? null : command.LinkId,
                    RemindAt = zone.RemindAt(dueAt, dueDate),
                    // the new responsible is reminded too; a new due time is reminded of and noticed overdue again
                    Rearm = rescheduled || reassigned,
                    Rescheduled = rescheduled,
                    Now = now,
                });
            var me = currentUser.Id;
            if (rescheduled)
            {
                await events.PublishAsync(new TaskRescheduled(updated.ToState(), task.DueAt, me), ct);
            }
            if (reassigned)
            {
                await events.PublishAsync(new TaskReassigned(updated.ToState(), task.ResponsibleId, me), ct);
            }
            if (!rescheduled && !reassigned)
            {
                await events.PublishAsync(new TaskUpdated(updated.ToState(), me), ct);
            }
            return (await TaskReader.ByIdAsync(conn, updated.Id, now))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/tasks/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.TypeId, body.Text, body.DueAt, body.AllDay, body.DueDate,
                        body.DurationMinutes, body.ResponsibleId, body.LinkKind, body.LinkId, body.Version), ct)))
                .WithName(nameof(UpdateTask))
                .WithTags("Tasks")
                .WithSummary("Edit, reschedule or reassign a task")
                .Produces<TaskResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
