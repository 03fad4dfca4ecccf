using Crm.BuildingBlocks.Web;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Auth;
using Crm.Modules.Identity.Users;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// A signed-in user changes their own password, proving the current one. Their other browser
/// sessions end; this one stays. With <c>revokeApiTokens</c> their API tokens are revoked too.
/// </summary>
internal static class ChangeMyPassword
{
    public sealed record Body(string CurrentPassword, string NewPassword, bool RevokeApiTokens);

    public sealed record Command(string CurrentPassword, string NewPassword, bool RevokeApiTokens, Guid? Session) : ICommand<Unit>, IHashesPasswords;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage(_ => T.Pick("Введите текущий пароль", "Enter your current password"))
                .MaximumLength(PasswordPolicy.MaxLength);
            RuleFor(c => c.NewPassword).ValidPassword();
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, Passwords passwords, TimeProvider clock) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var user = await conn.QuerySingleAsync<(string Hash, string Email)>(
                "select password_hash, email from identity.users where id = @Id for update", new { currentUser.Id });
            if (!await passwords.VerifyAsync(user.Hash, command.CurrentPassword, ct))
            {
                throw new FieldValidationException("currentPassword", T.Pick("Текущий пароль неверен", "The current password is wrong"));
            }
            PasswordPolicy.Ensure("newPassword", command.NewPassword, user.Email);
            var now = clock.GetUtcNow();
            await conn.ExecuteAsync(
                "update identity.users set password_hash = @Hash, updated_at = @now where id = @Id",
                new { currentUser.Id, Hash = await passwords.HashAsync(command.NewPassword, ct), now });
            await Sessions.EndAllAsync(conn, currentUser.Id, keep: command.Session, now);
            if (command.RevokeApiTokens)
            {
                await ApiTokens.RevokeAllAsync(conn, currentUser.Id, now);
            }
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/me/password", async (Body body, HttpContext http, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(body.CurrentPassword, body.NewPassword, body.RevokeApiTokens, Sessions.IdOf(http.User)), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.BrowserSession)
                .WithName(nameof(ChangeMyPassword))
                .WithTags("Identity")
                .WithSummary("Change my password (ends my other sessions; optionally revokes my API tokens)")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesValidationProblem();
    }
}
