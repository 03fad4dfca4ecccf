using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Directory.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// The admin renames a custom field, gives it other options or moves it among its entity's fields
/// (the others shift); its entity and type stay, and values already saved are kept.
/// </summary>
internal static class UpdateCustomField
{
    public sealed record Body(string? Name, IReadOnlyList<string>? Options, int Position, int Version);

    public sealed record Command(Guid Id, string? Name, IReadOnlyList<string>? Options, int Position, int Version) : ICommand<CustomFieldResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidFieldName();
            RuleFor(c => c.Position).GreaterThanOrEqualTo(0);
        }
    }

    internal sealed class Handler(DbSession db, TimeProvider clock) : ICommandHandler<Command, CustomFieldResponse>
    {
        public async ValueTask<CustomFieldResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync("lock table directory.custom_fields in share row exclusive mode");
            var field = await CustomFields.FindAsync(conn, command.Id) ?? throw CustomFields.NotFound();
            if (field.Version != command.Version)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    "Поле уже изменил кто-то другой. Обновите страницу и повторите.",
                    "Someone else has changed this field. Reload and try again."));
            }
            if (CustomFields.OptionsProblem(field.Type, command.Options) is { } problem)
            {
                throw new FieldValidationException("options", problem);
            }
            var name = command.Name!.Trim();
            await CustomFields.EnsureNameFreeAsync(conn, field.Entity, name, field.Id);

            var order = (await CustomFields.AllAsync(conn, field.Entity)).Select(f => f.Id).Where(id => id != field.Id).ToList();
            order.Insert(Math.Min(command.Position, order.Count), field.Id);
            await conn.ExecuteAsync(
                """
                update directory.custom_fields f set position = (o.n - 1)::int
                from unnest(@Ids) with ordinality as o(id, n)
                where f.id = o.id and f.position <> o.n - 1
                """,
                new { Ids = order.ToArray() });
            await conn.ExecuteAsync(
                """
                update directory.custom_fields
                set name = @name, options = @Options::jsonb, updated_at = @Now, version = version + 1
                where id = @Id
                """,
                new { field.Id, name, Options = CustomFields.OptionsJson(command.Options), Now = clock.GetUtcNow() });
            return (await CustomFields.FindAsync(conn, field.Id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/directory/custom-fields/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Name, body.Options, body.Position, body.Version), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName("UpdateDirectoryCustomField")
                .WithTags("Directory")
                .WithSummary("Rename, re-option or move a custom field of companies or contacts (admin)")
                .Produces<CustomFieldResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
