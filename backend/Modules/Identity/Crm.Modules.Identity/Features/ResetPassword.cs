using Crm.BuildingBlocks.Web;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Identity.Auth;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Users;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// The admin sets a new password for a user; the user's open sessions end, their API tokens are
/// revoked for good and the sign-in delays of the account are lifted (its failed attempts forgotten).
/// </summary>
internal static class ResetPassword
{
    public sealed record Body(string Password);

    public sealed record Command(Guid Id, string Password) : ICommand<Unit>, IHashesPasswords;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Password).ValidPassword();
    }

    internal sealed class Handler(DbSession db, Passwords passwords, IEventPublisher events, TimeProvider clock) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var now = clock.GetUtcNow();
            var email = await conn.QuerySingleOrDefaultAsync<string>(
                "select email from identity.users where id = @Id for update", new { command.Id }) ?? throw UserGuards.NotFound();
            PasswordPolicy.Ensure("password", command.Password, email);
            await conn.ExecuteAsync(
                """
                update identity.users
                set password_hash = @Hash, security_stamp = @Stamp, credentials_revoked_at = @Now, updated_at = @Now, version = version + 1
                where id = @Id
                """,
                new { command.Id, Hash = await passwords.HashAsync(command.Password, ct), Stamp = Guid.NewGuid(), Now = now });
            await SignInAttempts.ForgetFailuresAsync(conn, email);
            await Sessions.EndAllAsync(conn, command.Id, keep: null, now);
            await ApiTokens.RevokeAllAsync(conn, command.Id, now);
            await events.PublishAsync(new UserCredentialsRevoked(await UserStates.ReadAsync(conn, command.Id)), ct);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/users/{id:guid}/reset-password", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id, body.Password), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(ResetPassword))
                .WithTags("Identity")
                .WithSummary("Set a new password for a user (admin)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
