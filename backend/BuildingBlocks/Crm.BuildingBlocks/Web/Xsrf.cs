using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// Antiforgery for the browser, the way Angular expects it: a readable XSRF-TOKEN cookie,
/// echoed in the X-XSRF-TOKEN header on every unsafe API call made with the sign-in cookie.
/// Calls with a personal API token (Bearer) carry no ambient credentials and need none.
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

    /// <summary>Issues tokens on API reads and checks them on API writes; runs after authentication.</summary>
    public static IApplicationBuilder UseXsrf(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api"))
            {
                if (HttpMethods.IsGet(request.Method))
                {
                    Issue(context);
                }
                else if (!HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                    && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
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
