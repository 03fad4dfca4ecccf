using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// One log line per request: method, path, status, elapsed; and a scope (<c>RequestId</c>,
/// <c>RequestPath</c>) over every line logged while it runs. It replaces ASP.NET Core's own request
/// lines and scope (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>), which carry the
/// raw path and query: a secret in a path (the calendar feed's token) reached every log line (see
/// <see cref="RawPathCategories"/>, silenced by <see cref="AddRequestLog"/>). Here
/// the route values an endpoint marks with <see cref="SecretInPath{TBuilder}"/> are written as
/// <c>***</c>, and the query string is never logged (SignalR's connection id and access token).
/// </summary>
public static class RequestLog
{
    private const string Category = "Crm.Requests";
    private const string Redacted = "***";
    private static readonly object SafePathKey = new();

    /// <summary>Marks route values of this endpoint as secrets: the request log writes them as <c>***</c>.</summary>
    public static TBuilder SecretInPath<TBuilder>(this TBuilder builder, params string[] routeValues)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SecretRouteValues(routeValues));

    /// <summary>
    /// Silences the framework's loggers that write the raw path (<see cref="RawPathCategories"/>), whatever
    /// the configuration says: the logger factory hands them a logger that writes nothing and opens no scope.
    /// </summary>
    public static IServiceCollection AddRequestLog(this IServiceCollection services)
    {
        var factory = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("AddRequestLog comes after logging is added.");
        services.Remove(factory);
        services.AddSingleton<ILoggerFactory>(sp => new WithoutRawPaths((ILoggerFactory)(factory.ImplementationInstance
            ?? factory.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, factory.ImplementationType!))));
        return services;
    }

    /// <summary>
    /// The framework's categories whose lines or scopes hold the raw path and query: the hosting's
    /// "Request starting/finished" lines and its RequestPath scope over every line of a request, and
    /// the route matcher's debug lines. <see cref="UseRequestLog"/> writes what they did, safely.
    /// </summary>
    public static readonly IReadOnlySet<string> RawPathCategories = new HashSet<string>(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Routing.Matching.DfaMatcher",
    };

    /// <summary>First in the pipeline (after routing, so that the endpoint and its route values are known).</summary>
    public static WebApplication UseRequestLog(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (context, next) =>
        {
            var path = SafePath(context);
            context.Items[SafePathKey] = path;
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.TraceIdentifier, ["RequestPath"] = path });
            var started = Stopwatch.GetTimestamp();
            var status = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                var level = context.Request.Path.StartsWithSegments("/health") && status < 500 ? LogLevel.Debug : LogLevel.Information;
                logger.Log(level, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms",
                    context.Request.Method, path, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        return app;
    }

    /// <summary>The request's path as it may be logged: the secret route values replaced, no query string.</summary>
    public static string PathOf(HttpContext context) =>
        context.Items.TryGetValue(SafePathKey, out var path) && path is string safe ? safe : SafePath(context);

    private static string SafePath(HttpContext context)
    {
        var path = (context.Request.PathBase + context.Request.Path).ToString();
        if (context.GetEndpoint()?.Metadata.GetMetadata<SecretRouteValues>() is { } secrets)
        {
            foreach (var name in secrets.Names)
            {
                if (context.Request.RouteValues.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } secret)
                {
                    path = path.Replace(secret, Redacted, StringComparison.Ordinal);
                }
            }
        }
        return path;
    }
}

/// <summary>The app's logger factory, minus the loggers of <see cref="RequestLog.RawPathCategories"/>.</summary>
internal sealed class WithoutRawPaths(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        RequestLog.RawPathCategories.Contains(categoryName) ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

/// <summary>Endpoint metadata: the route values that are secrets (see <see cref="RequestLog.SecretInPath{TBuilder}"/>).</summary>
public sealed record SecretRouteValues(IReadOnlyList<string> Names);
