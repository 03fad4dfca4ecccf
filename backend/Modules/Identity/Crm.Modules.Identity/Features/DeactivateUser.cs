using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Auth;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Users;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// The admin blocks a user: sign-in and open sessions stop working at once, and their API tokens
/// are revoked for good (re-activation does not revive them).
/// </summary>
internal static class DeactivateUser
{
    public sealed record Command(Guid Id) : ICommand<UserResponse>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, UserResponse>
    {
        public async ValueTask<UserResponse> Handle(Command command, CancellationToken ct)
        {
            if (command.Id == currentUser.Id)
            {
                throw new FieldValidationException("id", T.Pick("Нельзя заблокировать самого себя", "You cannot deactivate yourself"));
            }
            var conn = await db.ConnectionAsync(ct);
            var now = clock.GetUtcNow();
            var user = await conn.QuerySingleOrDefaultAsync<UserResponse>(
                $"""
                update identity.users
                set is_active = false, security_stamp = @Stamp, credentials_revoked_at = @Now, updated_at = @Now, version = version + 1
                where id = @Id
                returning {UserResponse.Columns}
                """,
                new { command.Id, Stamp = Guid.NewGuid(), Now = now })
                ?? throw UserGuards.NotFound();
            await Sessions.EndAllAsync(conn, user.Id, keep: null, now);
            await ApiTokens.RevokeAllAsync(conn, user.Id, now);
            await events.PublishAsync(new UserDeactivated(await UserStates.ReadAsync(conn, user.Id)), ct);
            return user;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/users/{id:guid}/deactivate", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(DeactivateUser))
                .WithTags("Identity")
                .WithSummary("Deactivate a user (admin)")
                .Produces<UserResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
