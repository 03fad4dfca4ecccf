using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// Antiforgery for the browser, the way Angular expects it: a readable XSRF-TOKEN cookie,
/// echoed in the X-XSRF-TOKEN header on every unsafe API call made with the sign-in cookie.
/// Calls with a personal API token (Bearer) carry no ambient credentials and need none, and neither
/// does a route that never acts as the caller: one open to anyone that ignores the session (the
/// Inbox's public web form, which other sites' pages post to) opts out with ASP.NET Core's
/// <c>.DisableAntiforgery()</c>.
/// </summary>
public static class Xsrf
{
    public const string CookieName = "XSRF-TOKEN";
    public const string HeaderName = "X-XSRF-TOKEN";

    /// <summary>Issues a request token for the current user (call again after sign-in or sign-out).</summary>
    public static void Issue(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        context.Response.Cookies.Append(CookieName, tokens.RequestToken!, new CookieOptions
        {
            HttpOnly = false,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
    }

    public static IServiceCollection AddXsrf(this IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.HeaderName = HeaderName;
            o.Cookie.Name = "crm.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    /// <summary>
    /// A caller who is not signed in, on a route that needs it: authorization answers 401, which is
    /// the truth (a token issued to a session that has ended since would otherwise get a 400). The
    /// 401 carries a fresh token for the anonymous caller, so the sign-in form the app shows next
    /// is accepted: the old one was bound to the session that ended.
    /// </summary>
    private static bool WillBeRefused(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true
        && context.GetEndpoint() is { } endpoint
        && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null;

    /// <summary>A route marked <c>.DisableAntiforgery()</c>: anonymous by design, it never uses the caller's session.</summary>
    private static bool OptedOut(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false };

    /// <summary>Issues tokens on API reads and checks them on API writes; runs after authentication.</summary>
    public static IApplicationBuilder UseXsrf(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api"))
            {
                var bearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                if (HttpMethods.IsGet(request.Method) || (!bearer && WillBeRefused(context)))
                {
                    Issue(context);
                }
                else if (!HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method) && !bearer && !OptedOut(context))
                {
                    var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                    if (!await antiforgery.IsRequestValidAsync(context))
                    {
                        await Results.Problem(
                            statusCode: StatusCodes.Status400BadRequest,
                            title: T.Pick("Защитный токен отсутствует или устарел", "Antiforgery token missing or invalid"),
                            detail: T.Pick("Обновите страницу и повторите действие.", "Reload the page and try again."))
                            .ExecuteAsync(context);
                        return;
                    }
                }
            }
            await next(context);
        });
}
