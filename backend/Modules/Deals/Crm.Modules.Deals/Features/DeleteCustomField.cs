using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>A custom field is removed, with its values on every deal; the fields after it move up.</summary>
internal static class DeleteCustomField
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync("lock table deals.custom_fields in share row exclusive mode");
            var position = await conn.ExecuteScalarAsync<int?>(
                "delete from deals.custom_fields where id = @Id returning position", new { command.Id })
                ?? throw CustomFields.NotFound();
            await conn.ExecuteAsync("update deals.custom_fields set position = position - 1 where position > @position", new { position });
            await conn.ExecuteAsync(
                "update deals.deals set custom = custom - @Key where custom -> @Key is not null",
                new { Key = command.Id.ToString() });
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/deals/custom-fields/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Supervisor)
                .WithName(nameof(DeleteCustomField))
                .WithTags("Deals")
                .WithSummary("Remove a custom field and its values (admin, head of sales)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
