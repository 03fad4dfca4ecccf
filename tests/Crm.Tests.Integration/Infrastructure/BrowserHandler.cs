using System.Net;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// Behaves like a browser running our Angular app: keeps cookies, and on unsafe requests copies
/// the XSRF-TOKEN cookie into the X-XSRF-TOKEN header.
/// </summary>
public sealed class BrowserHandler : DelegatingHandler
{
    private static readonly Uri Origin = new("http://localhost/");

    public CookieContainer Cookies { get; } = new();

    /// <summary>When false, unsafe requests go without the header (to test the antiforgery check).</summary>
    public bool SendXsrfHeader { get; set; } = true;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var cookieHeader = Cookies.GetCookieHeader(Origin);
        if (cookieHeader.Length > 0)
        {
            request.Headers.Add("Cookie", cookieHeader);
        }
        if (SendXsrfHeader && request.Method != HttpMethod.Get && Cookies.GetCookies(Origin)["XSRF-TOKEN"] is { } xsrf)
        {
            request.Headers.Add("X-XSRF-TOKEN", xsrf.Value);
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(Origin, setCookie);
            }
        }
        return response;
    }
}
