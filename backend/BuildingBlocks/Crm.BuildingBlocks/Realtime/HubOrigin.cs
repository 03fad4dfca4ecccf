using Crm.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Realtime;

/// <summary>
/// The hub's requests (negotiate, the WebSocket upgrade, long polling) come from our own pages only.
/// The hub signs in by the session cookie, which a browser sends along from any site's page, and a
/// WebSocket is not bound by CORS; so a request whose <c>Origin</c> is neither the public address
/// (<c>App:PublicUrl</c>) nor the request's own scheme and host answers 403 before anything else.
/// A request without <c>Origin</c> is not a browser's cross-site one (scripts, the .NET client) and
/// goes on to the usual sign-in check.
/// </summary>
public static class HubOrigin
{
    /// <summary>After routing (so the hub's endpoints are known), before authentication.</summary>
    public static WebApplication UseHubOrigin(this WebApplication app)
    {
        var publicUrl = app.Services.GetRequiredService<PublicUrl>();
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is null || Allowed(context.Request, publicUrl))
            {
                return next(context);
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
        return app;
    }

    private static bool Allowed(HttpRequest request, PublicUrl publicUrl)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        // An opaque origin ("null": sandboxed frames, file:) or anything unparsable is foreign.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }
        var asked = uri.GetLeftPart(UriPartial.Authority);
        return Same(asked, $"{request.Scheme}://{request.Host}") || (publicUrl.Origin is { } own && Same(asked, own));
    }

    private static bool Same(string origin, string other) =>
        Uri.TryCreate(other, UriKind.Absolute, out var uri) && string.Equals(origin, uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
