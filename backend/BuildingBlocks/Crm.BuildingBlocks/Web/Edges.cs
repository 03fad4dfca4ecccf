using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// The app's edge: the proxy headers it trusts (<c>ForwardedHeaders:KnownProxies</c> /
/// <c>ForwardedHeaders:KnownNetworks</c>, comma-separated; none trusted by default), so that a
/// request that reached a TLS proxy is HTTPS here (Secure cookies, HSTS); the security headers of
/// every response; the public address (<c>App:PublicUrl</c>) for links that leave the app; and a 404
/// for a missing file instead of the sign-in's 401.
/// </summary>
public static class Edges
{
    /// <summary>
    /// The app's Content-Security-Policy: scripts only from our origin (no inline script, no eval);
    /// inline styles allowed, as Angular writes its components' styles in &lt;style&gt; elements.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddEdges(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in List(configuration["ForwardedHeaders:KnownProxies"]))
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in List(configuration["ForwardedHeaders:KnownNetworks"]))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddSingleton(new PublicUrl(configuration["App:PublicUrl"]));
        return services;
    }

    /// <summary>Forwarded headers (only when a proxy is configured) and the security headers; first in the pipeline.</summary>
    public static WebApplication UseEdges(this WebApplication app)
    {
        if (List(app.Configuration["ForwardedHeaders:KnownProxies"]).Length + List(app.Configuration["ForwardedHeaders:KnownNetworks"]).Length > 0)
        {
            app.UseForwardedHeaders();
        }
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // the browsable API reference runs its own inline script; it is off in Production by default
                if (!context.Request.Path.StartsWithSegments("/api-reference"))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// After the static files: a request for a file (a name with an extension, outside /api) that is
    /// not there answers 404 to everyone, rather than 401 from the sign-in every other route needs.
    /// </summary>
    public static WebApplication UseMissingFilesAs404(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (context.GetEndpoint() is null && !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs")
                && Path.HasExtension(path))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
        return app;
    }

    /// <summary>Whether the OpenAPI document and the API reference are served (<c>Api:Reference</c>; by default not in Production).</summary>
    public static bool ApiReference(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Api:Reference") ?? !environment.IsProduction();

    private static string[] List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// The address users reach the app at (<c>App:PublicUrl</c>, e.g. <c>https://crm.example.com</c>), for
/// links that leave the app (the calendar feed; the web form snippet, which takes only the configured one).
/// Without it (development), the request's own address.
/// </summary>
public sealed class PublicUrl(string? configured)
{
    private readonly string? baseUrl = string.IsNullOrWhiteSpace(configured) ? null : configured.TrimEnd('/');

    /// <summary>The configured address's origin (scheme, host and port), e.g. <c>https://crm.example.com</c>; null when not configured.</summary>
    public string? Origin => baseUrl is null ? null : new Uri(baseUrl).GetLeftPart(UriPartial.Authority);

    /// <summary>The configured address with <paramref name="path"/>, or null when none is configured: for what must never come from the Host header.</summary>
    public string? Absolute(string path) => baseUrl is null ? null : baseUrl + path;

    public string Of(HttpRequest request, string path) =>
        baseUrl is not null ? baseUrl + path : $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
}
