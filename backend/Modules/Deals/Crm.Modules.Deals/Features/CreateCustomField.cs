using Crm.BuildingBlocks.CustomFields;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>The admin or head of sales adds a custom field to deals; it goes last.</summary>
internal static class CreateCustomField
{
    public sealed record Command(string? Name, string? Type, IReadOnlyList<string>? Options) : ICommand<CustomFieldResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidFieldName();
            RuleFor(c => c.Type).Must(t => t is not null && CustomFieldTypes.All.Contains(t))
                .WithMessage(_ => T.Pick(
                    "Тип: text, number, date, select, multiselect, checkbox или url",
                    "Type must be text, number, date, select, multiselect, checkbox or url"));
            RuleFor(c => c.Options)
                .Must((c, options) => CustomFields.OptionsProblem(c.Type!, options) is null)
                .When(c => c.Type is not null && CustomFieldTypes.All.Contains(c.Type))
                .WithMessage((c, options) => CustomFields.OptionsProblem(c.Type!, options)!);
        }
    }

    internal sealed class Handler(DbSession db, TimeProvider clock) : ICommandHandler<Command, CustomFieldResponse>
    {
        public async ValueTask<CustomFieldResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var name = command.Name!.Trim();
            // Serialises concurrent definitions, so the name check and the position hold.
            await conn.ExecuteAsync("lock table deals.custom_fields in share row exclusive mode");
            await CustomFields.EnsureNameFreeAsync(conn, name, null);
            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(
                """
                insert into deals.custom_fields (id, name, type, options, position, created_at, updated_at)
                values (@id, @name, @Type, @Options::jsonb, (select coalesce(max(position) + 1, 0) from deals.custom_fields), @Now, @Now)
                """,
                new { id, name, command.Type, Options = CustomFields.OptionsJson(command.Options), Now = clock.GetUtcNow() });
            return (await CustomFields.FindAsync(conn, id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals/custom-fields", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var field = await sender.Send(command, ct);
                    return Results.Created($"/api/deals/custom-fields/{field.Id}", field);
                })
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(CreateCustomField))
                .WithTags("Deals")
                .WithSummary("Add a custom field to deals (admin, head of sales)")
                .Produces<CustomFieldResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
