using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Directory.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>The admin removes a custom field, with its values on every company or contact; the fields after it move up.</summary>
internal static class DeleteCustomField
{
    public sealed record Command(Guid Id) : ICommand;

    private sealed record Removed(string Entity, int Position);

    internal sealed class Handler(DbSession db) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync("lock table directory.custom_fields in share row exclusive mode");
            var removed = await conn.QuerySingleOrDefaultAsync<Removed>(
                "delete from directory.custom_fields where id = @Id returning entity as Entity, position as Position", new { command.Id })
                ?? throw CustomFields.NotFound();
            await conn.ExecuteAsync(
                "update directory.custom_fields set position = position - 1 where entity = @Entity and position > @Position", removed);
            var key = command.Id.ToString();
            await conn.ExecuteAsync(
                removed.Entity == Entities.Company
                    ? "update directory.companies set custom = custom - @key where custom -> @key is not null"
                    : "update directory.contacts set custom = custom - @key where custom -> @key is not null",
                new { key });
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/directory/custom-fields/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Admin)
                .WithName("DeleteDirectoryCustomField")
                .WithTags("Directory")
                .WithSummary("Remove a custom field of companies or contacts and its values (admin)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
