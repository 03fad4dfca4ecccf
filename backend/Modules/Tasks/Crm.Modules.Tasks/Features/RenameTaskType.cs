using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Tasks.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>The admin renames a task type (built-in ones too); a stale version is refused (409).</summary>
internal static class RenameTaskType
{
    public sealed record Body(string? NameRu, string? NameEn, int? Version);

    public sealed record Command(Guid Id, string? NameRu, string? NameEn, int? Version) : ICommand<TaskTypeResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.NameRu).ValidTypeName(required: true);
            RuleFor(c => c.NameEn).ValidTypeName(required: false);
            RuleFor(c => c.Version).NotNull().WithMessage(_ => T.Pick("Не указана версия", "The version is missing"));
        }
    }

    internal sealed class Handler(DbSession db) : ICommandHandler<Command, TaskTypeResponse>
    {
        public async ValueTask<TaskTypeResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var version = await conn.ExecuteScalarAsync<int?>(
                "select version from tasks.task_types where id = @Id and deleted_at is null for update", new { command.Id })
                ?? throw new NotFoundException(T.Pick("Тип задачи не найден", "Task type not found"));
            if (version != command.Version)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    "Тип уже изменил кто-то другой. Обновите страницу и повторите.", "Someone else has changed this type. Reload and try again."));
            }
            var nameRu = command.NameRu!.Trim();
            await CreateTaskType.EnsureUniqueAsync(conn, nameRu, command.Id);
            var row = await conn.QuerySingleAsync<TaskTypeRow>(
                $"""
                update tasks.task_types set name_ru = @NameRu, name_en = @NameEn, version = version + 1
                where id = @Id
                returning {TaskTypeRow.Columns}
                """,
                new { command.Id, NameRu = nameRu, NameEn = command.NameEn?.Trim() ?? nameRu });
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/tasks/types/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.NameRu, body.NameEn, body.Version), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(RenameTaskType))
                .WithTags("Tasks")
                .WithSummary("Rename a task type (admin)")
                .Produces<TaskTypeResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
