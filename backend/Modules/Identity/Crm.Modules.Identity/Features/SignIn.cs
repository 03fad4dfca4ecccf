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
using Microsoft.Extensions.Options;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// Signs in with e-mail and password and starts a server-side session (its id goes in the cookie).
/// Every failure answers the same, so nobody learns whether an e-mail has an account. Too many
/// failures make the client's IP wait for that account (<see cref="SignInAttempts"/>: a 429 with
/// Retry-After); the account itself is never locked. Attempts from one IP to one account are judged
/// one at a time. The route takes the per-IP rate limit.
/// </summary>
internal static class SignIn
{
    public sealed record Body(string Email, string Password);

    public sealed record Command(string Email, string Password, string Ip) : ICommand<Result>, IHashesPasswords;

    public sealed record Result(GetMe.Response? User, Guid Stamp, Guid Session);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().WithMessage(_ => T.Pick("Введите e-mail", "Enter your e-mail")).MaximumLength(254);
            RuleFor(c => c.Password).NotEmpty().WithMessage(_ => T.Pick("Введите пароль", "Enter your password")).MaximumLength(PasswordPolicy.MaxLength);
        }
    }

    internal sealed class Handler(DbSession db, Passwords passwords, TimeProvider clock, IOptions<AbuseLimitsOptions> limits) : ICommandHandler<Command, Result>
    {
        /// <summary>How long to wait when another attempt from this IP to this account is being checked (about one password check).</summary>
        private static readonly TimeSpan AnotherAttempt = TimeSpan.FromSeconds(1);

        public async ValueTask<Result> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var email = UserRules.NormalizeEmail(command.Email);
            var now = clock.GetUtcNow();
            if (!await SignInAttempts.TryTakeTurnAsync(conn, email, command.Ip))
            {
                throw new RetryLaterException(StatusCodes.Status429TooManyRequests, AbuseLimits.TryAgainIn(AnotherAttempt), AnotherAttempt);
            }
            if (await SignInAttempts.WaitAsync(conn, email, command.Ip, now, limits.Value) is { } wait)
            {
                throw new RetryLaterException(StatusCodes.Status429TooManyRequests, AbuseLimits.TryAgainIn(wait), wait);
            }
            var user = await conn.QuerySingleOrDefaultAsync<Account>(
                "select id as Id, password_hash as PasswordHash, is_active as IsActive, security_stamp as Stamp from identity.users where email = @email",
                new { email });
            bool succeeded;
            if (user is null)
            {
                await passwords.VerifyNothingAsync(command.Password, ct);
                succeeded = false;
            }
            else
            {
                succeeded = await passwords.VerifyAsync(user.PasswordHash, command.Password, ct) && user.IsActive;
            }
            await SignInAttempts.RecordAsync(conn, email, command.Ip, succeeded, now);
            if (!succeeded)
            {
                return new Result(null, Guid.Empty, Guid.Empty);
            }
            var session = await Sessions.StartAsync(conn, user!.Id, now);
            return new Result(await GetMe.LoadAsync(conn, user.Id), user.Stamp, session);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/sign-in", async (Body body, ISender sender, HttpContext http, CancellationToken ct) =>
                {
                    var result = await sender.Send(new Command(body.Email, body.Password, AbuseLimits.ClientIp(http)), ct);
                    if (result.User is not { } user)
                    {
                        throw new AuthenticationFailedException(T.Pick("Неверный e-mail или пароль.", "Wrong e-mail or password."));
                    }
                    var principal = AuthSchemes.Principal(user.Id, user.Email, user.DisplayName, user.Role, result.Stamp, AuthSchemes.Cookie, result.Session);
                    await http.SignInAsync(AuthSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = true });
                    http.User = principal;
                    Xsrf.Issue(http);
                    return Results.Ok(user);
                })
                .AllowAnonymous()
                .RequireRateLimiting(AbuseLimits.SignIn)
                .WithName(nameof(SignIn))
                .WithTags("Identity")
                .WithSummary("Sign in with e-mail and password (sets the session cookie)")
                .Produces<GetMe.Response>()
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status429TooManyRequests)
                .ProducesValidationProblem();
    }

    private sealed record Account(Guid Id, string PasswordHash, bool IsActive, Guid Stamp);
}
