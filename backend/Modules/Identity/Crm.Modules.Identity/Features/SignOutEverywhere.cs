using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Identity.Auth;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>Ends every browser session of the signed-in user, this one included (API tokens stay: revoke them one by one).</summary>
internal static class SignOutEverywhere
{
    public sealed record Command : ICommand<Unit>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            await Sessions.EndAllAsync(await db.ConnectionAsync(ct), currentUser.Id, keep: null, clock.GetUtcNow());
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/me/sign-out-everywhere", async (HttpContext http, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(), ct);
                    if (Sessions.IdOf(http.User) is not null)
                    {
                        await http.SignOutAsync(AuthSchemes.Cookie);
                        http.User = new System.Security.Claims.ClaimsPrincipal();
                        Xsrf.Issue(http);
                    }
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.BrowserSession)
                .WithName(nameof(SignOutEverywhere))
                .WithTags("Identity")
                .WithSummary("Sign out on every device (ends all my browser sessions, this one included)")
                .Produces(StatusCodes.Status204NoContent);
    }
}
