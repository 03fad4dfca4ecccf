using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An admin changes a web form (or turns it off: a disabled form's address answers 404); its key stays,
/// so the snippet on the site keeps working. A stale version is refused (409).
/// </summary>
internal static class UpdateForm
{
    public sealed record Body(
        string? Name, Guid? PipelineId, FormFields? Fields, IReadOnlyList<string?>? AllowedOrigins, string? ThankYou, bool? Enabled, int? Version);

    public sealed record Command(
        Guid Id, string? Name, Guid? PipelineId, FormFields? Fields, IReadOnlyList<string?>? AllowedOrigins, string? ThankYou, bool? Enabled, int? Version)
        : ICommand<FormResponse>, IFormSettings;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new FormSettingsRules<Command>());
            RuleFor(c => c.Version).NotNull().WithMessage(_ => T.Pick("Не указана версия", "The version is missing"));
        }
    }

    internal sealed class Handler(DbSession db, EventCatchUp catchUp) : ICommandHandler<Command, FormResponse>
    {
        public async ValueTask<FormResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var version = await conn.ExecuteScalarAsync<int?>("select version from inbox.forms where id = @Id for update", new { command.Id })
                ?? throw Forms.NotFound();
            if (version != command.Version)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    "Форму уже изменил кто-то другой. Обновите страницу и повторите.", "Someone else has changed this form. Reload and try again."));
            }
            await TargetPipelines.EnsureAsync(conn, catchUp, command.PipelineId!.Value, ct);
            var row = await conn.QuerySingleAsync<FormRow>(
                $"""
                update inbox.forms as f set name = @Name, pipeline_id = @PipelineId, fields = @Fields::jsonb, allowed_origins = @AllowedOrigins,
                    thank_you = @ThankYou, enabled = coalesce(@Enabled, f.enabled), version = f.version + 1
                where f.id = @Id
                returning {FormRow.Columns}
                """,
                new
                {
                    command.Id,
                    Name = command.Name!.Trim(),
                    command.PipelineId,
                    Fields = FormRow.FieldsJson(command.Fields!),
                    AllowedOrigins = FormOrigins.Normal(command.AllowedOrigins),
                    ThankYou = FormSettings.ThankYou(command.ThankYou),
                    command.Enabled,
                });
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/inbox/forms/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(
                        new Command(id, body.Name, body.PipelineId, body.Fields, body.AllowedOrigins, body.ThankYou, body.Enabled, body.Version), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(UpdateForm))
                .WithTags("Inbox")
                .WithSummary("Change a web form, or turn it off (admins)")
                .Produces<FormResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
