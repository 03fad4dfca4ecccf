using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Identity.Auth;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>Ends the browser session on the server (a replayed cookie is refused from then on) and clears the cookie.</summary>
internal static class SignOut
{
    public sealed record Command(Guid? Session) : ICommand<Unit>;

    internal sealed class Handler(DbSession db, TimeProvider clock) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            if (command.Session is { } session)
            {
                await Sessions.EndAsync(await db.ConnectionAsync(ct), session, clock.GetUtcNow());
            }
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/sign-out", async (HttpContext http, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(Sessions.IdOf(http.User)), ct);
                    await http.SignOutAsync(AuthSchemes.Cookie);
                    http.User = new System.Security.Claims.ClaimsPrincipal();
                    Xsrf.Issue(http);
                    return Results.NoContent();
                })
                .WithName(nameof(SignOut))
                .WithTags("Identity")
                .WithSummary("Sign out (ends the session on the server and clears the session cookie)")
                .Produces(StatusCodes.Status204NoContent);
    }
}
