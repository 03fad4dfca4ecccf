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

/// <summary>The admin adds a task type (e.g. «Отправить КП»), in Russian and optionally English; it goes last.</summary>
internal static class CreateTaskType
{
    public sealed record Command(string? NameRu, string? NameEn) : ICommand<TaskTypeResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.NameRu).ValidTypeName(required: true);
            RuleFor(c => c.NameEn).ValidTypeName(required: false);
        }
    }

    internal sealed class Handler(DbSession db, TimeProvider clock) : ICommandHandler<Command, TaskTypeResponse>
    {
        public async ValueTask<TaskTypeResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var nameRu = command.NameRu!.Trim();
            await EnsureUniqueAsync(conn, nameRu, null);
            var row = await conn.QuerySingleAsync<TaskTypeRow>(
                $"""
                insert into tasks.task_types (id, name_ru, name_en, position, created_at)
                values (@Id, @NameRu, @NameEn, (select coalesce(max(position), -1) + 1 from tasks.task_types), @Now)
                returning {TaskTypeRow.Columns}
                """,
                new { Id = Guid.CreateVersion7(), NameRu = nameRu, NameEn = command.NameEn?.Trim() ?? nameRu, Now = clock.GetUtcNow() });
            return row.ToResponse();
        }
    }

    /// <summary>Two live types may not share a Russian name (case-insensitive).</summary>
    public static async Task EnsureUniqueAsync(System.Data.IDbConnection conn, string nameRu, Guid? except)
    {
        var taken = await conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from tasks.task_types where lower(name_ru) = lower(@nameRu) and deleted_at is null and id is distinct from @except)",
            new { nameRu, except });
        if (taken)
        {
            throw new FieldValidationException("nameRu", T.Pick("Такой тип задачи уже есть", "This task type already exists"));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/tasks/types", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var type = await sender.Send(command, ct);
                    return Results.Created($"/api/tasks/types/{type.Id}", type);
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(CreateTaskType))
                .WithTags("Tasks")
                .WithSummary("Add a task type (admin)")
                .Produces<TaskTypeResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem();
    }
}
