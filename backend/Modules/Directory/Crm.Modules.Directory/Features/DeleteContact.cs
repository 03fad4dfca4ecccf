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

/// <summary>The admin deletes a contact (soft): it leaves lists, its company's card and suggestions.</summary>
internal static class DeleteContact
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var contact = await Contacts.LoadForChangeAsync(conn, command.Id, null, currentUser);
            var now = clock.GetUtcNow();
            await conn.ExecuteAsync(
                """
                update directory.contacts
                set deleted_at = @now, deleted_by = @Me, updated_by = @Me, updated_at = @now, version = version + 1
                where id = @Id
                """,
                new { contact.Id, Me = currentUser.Id, now });
            await events.PublishAsync(new ContactDeleted(await RecordStates.ContactAsync(conn, contact.Id), currentUser.Id), ct);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/directory/contacts/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(DeleteContact))
                .WithTags("Directory")
                .WithSummary("Delete a contact (admin; soft)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
