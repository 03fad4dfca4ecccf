using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// The app's start-up probe: who this browser is signed in as, if anyone. Not being signed in is
/// an answer here (200 with <c>signedIn: false</c>), not an error, so a visitor's first page load
/// shows no failed request; <c>GET /api/identity/me</c> keeps its 401 for API clients.
/// </summary>
internal static class GetSession
{
    public sealed record Query : IQuery<Response>;

    /// <summary><c>User</c> is the signed-in user with their settings (as <c>GET /me</c>), null when nobody is.</summary>
    public sealed record Response(bool SignedIn, GetMe.Response? User);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            if (!currentUser.IsAuthenticated)
            {
                return new Response(false, null);
            }
            var me = await GetMe.LoadAsync(await db.ConnectionAsync(ct), currentUser.Id);
            return new Response(me is not null, me);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/identity/session", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                // A session that ended (sign-out elsewhere, deactivation) reads as not signed in, as no cookie does.
                .AllowAnonymous()
                .WithName(nameof(GetSession))
                .WithTags("Identity")
                .WithSummary("Whether this caller is signed in, and as whom (200 either way)")
                .Produces<Response>();
    }
}
