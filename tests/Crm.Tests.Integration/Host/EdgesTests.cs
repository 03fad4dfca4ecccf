using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// The edge: security headers on every response (a CSP without inline scripts, nosniff, no
/// framing, a referrer policy; no HSTS over plain HTTP), a missing file answers 404 to anyone (not
/// the sign-in's 401), and the calendar feed link is built from App:PublicUrl, never from the Host header.
/// </summary>
public sealed class EdgesTests : IAsyncLifetime
{
    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        app = new CrmApp(database, new TestClock(), new Dictionary<string, string> { ["App:PublicUrl"] = "https://crm.example.test/" });
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(app.Database);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/identity/me")]
    [InlineData("/api/no-such-route")]
    [InlineData("/robots.txt")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.Client().GetAsync(path);
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Theory]
    [InlineData("/robots.txt")]
    [InlineData("/favicon-missing.png")]
    [InlineData("/assets/nothing.js")]
    public async Task A_missing_file_answers_404_to_anyone(string path) =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(path)).StatusCode);

    [Fact]
    public async Task The_calendar_link_comes_from_the_public_url_whatever_the_host_header()
    {
        var client = await app.SignedInAsync();
        client.Http.DefaultRequestHeaders.Host = "evil.example";
        var created = await (await client.PostAsync("/api/tasks/calendar/token")).JsonAsync(HttpStatusCode.OK);
        Assert.StartsWith("https://crm.example.test/api/tasks/calendar/", created.GetProperty("url").GetString(), StringComparison.Ordinal);
    }
}
