using Carter;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Identity.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>Ends the browser session.</summary>
internal static class SignOut
{
    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/sign-out", async (HttpContext http) =>
                {
                    await http.SignOutAsync(AuthSchemes.Cookie);
                    http.User = new System.Security.Claims.ClaimsPrincipal();
                    Xsrf.Issue(http);
                    return Results.NoContent();
                })
                .WithName(nameof(SignOut))
                .WithTags("Identity")
                .WithSummary("Sign out (clears the session cookie)")
                .Produces(StatusCodes.Status204NoContent);
    }
}
