using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Users;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>The admin lets a deactivated user sign in again.</summary>
internal static class ActivateUser
{
    public sealed record Command(Guid Id) : ICommand<UserResponse>;

    internal sealed class Handler(DbSession db, IEventPublisher events, TimeProvider clock) : ICommandHandler<Command, UserResponse>
    {
        public async ValueTask<UserResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var user = await conn.QuerySingleOrDefaultAsync<UserResponse>(
                $"""
                update identity.users
                set is_active = true, updated_at = @Now, version = version + 1
                where id = @Id
                returning {UserResponse.Columns}
                """,
                new { command.Id, Now = clock.GetUtcNow() })
                ?? throw UserGuards.NotFound();
            await events.PublishAsync(new UserActivated(await UserStates.ReadAsync(conn, user.Id)), ct);
            return user;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/users/{id:guid}/activate", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(ActivateUser))
                .WithTags("Identity")
                .WithSummary("Activate a deactivated user (admin)")
                .Produces<UserResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
