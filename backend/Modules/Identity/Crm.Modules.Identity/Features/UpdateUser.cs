using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Users;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>The admin changes a user's e-mail, name or role; a stale version is refused (409).</summary>
internal static class UpdateUser
{
    public sealed record Body(string Email, string DisplayName, string Role, int Version);

    public sealed record Command(Guid Id, string Email, string DisplayName, string Role, int Version) : ICommand<UserResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).ValidEmail();
            RuleFor(c => c.DisplayName).ValidDisplayName();
            RuleFor(c => c.Role).ValidRole();
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, UserResponse>
    {
        public async ValueTask<UserResponse> Handle(Command command, CancellationToken ct)
        {
            if (command.Id == currentUser.Id && command.Role != Roles.Admin)
            {
                throw new FieldValidationException("role", T.Pick("Нельзя снять с себя роль администратора", "You cannot take the admin role from yourself"));
            }
            var conn = await db.ConnectionAsync(ct);
            var email = UserRules.NormalizeEmail(command.Email);
            if (await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from identity.users where email = @email and id <> @Id)", new { email, command.Id }))
            {
                throw new FieldValidationException("email", T.Pick("Пользователь с таким e-mail уже есть", "A user with this e-mail already exists"));
            }
            var user = await conn.QuerySingleOrDefaultAsync<UserResponse>(
                $"""
                update identity.users
                set email = @email, display_name = @DisplayName, role = @Role, updated_at = @Now, version = version + 1
                where id = @Id and version = @Version
                returning {UserResponse.Columns}
                """,
                new { command.Id, email, DisplayName = command.DisplayName.Trim(), command.Role, command.Version, Now = clock.GetUtcNow() });
            if (user is null)
            {
                await UserGuards.ThrowMissingOrStaleAsync(conn, command.Id);
            }
            await events.PublishAsync(new UserUpdated(await UserStates.ReadAsync(conn, user!.Id)), ct);
            return user;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/identity/users/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Email, body.DisplayName, body.Role, body.Version), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(UpdateUser))
                .WithTags("Identity")
                .WithSummary("Change a user's e-mail, name or role (admin)")
                .Produces<UserResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
