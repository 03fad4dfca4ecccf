using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Identity.Auth;
using Crm.Modules.Identity.Users;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// Signs in with e-mail and password and starts a server-side session (its id goes in the cookie). Five failures in a row lock the account for 15 minutes.
/// Every failure answers the same, so nobody learns whether an e-mail has an account.
/// </summary>
internal static class SignIn
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public sealed record Command(string Email, string Password) : ICommand<Result>;

    public sealed record Result(GetMe.Response? User, Guid Stamp, Guid Session);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().WithMessage(_ => T.Pick("Введите e-mail", "Enter your e-mail")).MaximumLength(254);
            RuleFor(c => c.Password).NotEmpty().WithMessage(_ => T.Pick("Введите пароль", "Enter your password")).MaximumLength(UserRules.PasswordMaxLength);
        }
    }

    internal sealed class Handler(DbSession db, Passwords passwords, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var user = await conn.QuerySingleOrDefaultAsync<Account>(
                """
                select id as Id, password_hash as PasswordHash, is_active as IsActive, locked_until as LockedUntil,
                       failed_sign_ins as FailedSignIns, security_stamp as Stamp
                from identity.users where email = @Email for update
                """,
                new { Email = UserRules.NormalizeEmail(command.Email) });
            var now = clock.GetUtcNow();
            if (user is null)
            {
                passwords.VerifyNothing(command.Password);
                return new Result(null, Guid.Empty, Guid.Empty);
            }
            if (user.LockedUntil > now)
            {
                passwords.VerifyNothing(command.Password);
                return new Result(null, Guid.Empty, Guid.Empty);
            }
            if (!passwords.Verify(user.PasswordHash, command.Password) || !user.IsActive)
            {
                var failures = user.FailedSignIns + 1;
                await conn.ExecuteAsync(
                    "update identity.users set failed_sign_ins = @Failures, locked_until = @LockedUntil where id = @Id",
                    new
                    {
                        user.Id,
                        Failures = failures >= MaxFailures ? 0 : failures,
                        LockedUntil = failures >= MaxFailures ? now + LockoutDuration : (DateTimeOffset?)null,
                    });
                return new Result(null, Guid.Empty, Guid.Empty);
            }
            if (user.FailedSignIns > 0 || user.LockedUntil is not null)
            {
                await conn.ExecuteAsync("update identity.users set failed_sign_ins = 0, locked_until = null where id = @Id", new { user.Id });
            }
            var session = await Sessions.StartAsync(conn, user.Id, now);
            return new Result(await GetMe.LoadAsync(conn, user.Id), user.Stamp, session);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/sign-in", async (Command command, ISender sender, HttpContext http, CancellationToken ct) =>
                {
                    var result = await sender.Send(command, ct);
                    if (result.User is not { } user)
                    {
                        throw new AuthenticationFailedException(T.Pick(
                            "Неверный e-mail или пароль. После нескольких неудачных попыток вход блокируется на 15 минут.",
                            "Wrong e-mail or password. After several failed attempts sign-in is locked for 15 minutes."));
                    }
                    var principal = AuthSchemes.Principal(user.Id, user.Email, user.DisplayName, user.Role, result.Stamp, AuthSchemes.Cookie, result.Session);
                    await http.SignInAsync(AuthSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = true });
                    http.User = principal;
                    Xsrf.Issue(http);
                    return Results.Ok(user);
                })
                .AllowAnonymous()
                .WithName(nameof(SignIn))
                .WithTags("Identity")
                .WithSummary("Sign in with e-mail and password (sets the session cookie)")
                .Produces<GetMe.Response>()
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesValidationProblem();
    }

    private sealed record Account(Guid Id, string PasswordHash, bool IsActive, DateTimeOffset? LockedUntil, int FailedSignIns, Guid Stamp);
}
