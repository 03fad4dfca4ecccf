using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// The admin deletes a company (soft): it leaves lists and suggestions, and its contacts stay in
/// the Lists without a company (each with a ContactUpdated).
/// </summary>
internal static class DeleteCompany
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var company = await Companies.LoadForChangeAsync(conn, command.Id, null, currentUser);
            var now = clock.GetUtcNow();
            await conn.ExecuteAsync(
                """
                update directory.companies
                set deleted_at = @now, deleted_by = @Me, updated_by = @Me, updated_at = @now, version = version + 1
                where id = @Id
                """,
                new { company.Id, Me = currentUser.Id, now });
            var unlinked = (await conn.QueryAsync<Guid>(
                """
                update directory.contacts
                set company_id = null, updated_by = @Me, updated_at = @now, version = version + 1
                where company_id = @Id
                returning id
                """,
                new { company.Id, Me = currentUser.Id, now })).AsList();
            await events.PublishAsync(new CompanyDeleted(await RecordStates.CompanyAsync(conn, company.Id), currentUser.Id), ct);
            foreach (var contact in await RecordStates.ContactsAsync(conn, unlinked))
            {
                await events.PublishAsync(new ContactUpdated(contact, currentUser.Id), ct);
            }
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/directory/companies/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(DeleteCompany))
                .WithTags("Directory")
                .WithSummary("Delete a company (admin; soft)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
