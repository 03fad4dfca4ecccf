using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
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
/// An admin adds a web form for the company's site: its requests go to a pipeline that takes them, it asks
/// the fields chosen, it may be posted from the sites listed; the server makes its public key.
/// </summary>
internal static class CreateForm
{
    public sealed record Command(
        string? Name, Guid? PipelineId, FormFields? Fields, IReadOnlyList<string?>? AllowedOrigins, string? ThankYou, bool? Enabled)
        : ICommand<FormResponse>, IFormSettings;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new FormSettingsRules<Command>());
    }

    internal sealed class Handler(DbSession db, EventCatchUp catchUp, TimeProvider clock) : ICommandHandler<Command, FormResponse>
    {
        public async ValueTask<FormResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await TargetPipelines.EnsureAsync(conn, catchUp, command.PipelineId!.Value, ct);
            var row = await conn.QuerySingleAsync<FormRow>(
                $"""
                insert into inbox.forms as f (id, name, pipeline_id, fields, allowed_origins, thank_you, enabled, key, created_at)
                values (@Id, @Name, @PipelineId, @Fields::jsonb, @AllowedOrigins, @ThankYou, @Enabled, @Key, @Now)
                returning {FormRow.Columns}
                """,
                new
                {
                    Id = Guid.CreateVersion7(),
                    Name = command.Name!.Trim(),
                    command.PipelineId,
                    Fields = FormRow.FieldsJson(command.Fields!),
                    AllowedOrigins = FormOrigins.Normal(command.AllowedOrigins),
                    ThankYou = FormSettings.ThankYou(command.ThankYou),
                    Enabled = command.Enabled ?? true,
                    Key = FormKeys.New(),
                    Now = clock.GetUtcNow(),
                });
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/forms", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var form = await sender.Send(command, ct);
                    return Results.Created($"/api/inbox/forms/{form.Id}", form);
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(CreateForm))
                .WithTags("Inbox")
                .WithSummary("Add a web form for the company's site (admins)")
                .Produces<FormResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
