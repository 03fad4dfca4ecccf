using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Identity;

/// <summary>Sessions end on the server: a cookie kept from before a sign-out no longer works.</summary>
public sealed class SessionTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_refused()
    {
        var (client, handler) = await SignedInBrowserAsync();
        var stolen = Copy(handler);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/identity/sign-out")).StatusCode);

        using var replay = new CrmClient(app.Factory.CreateDefaultClient(stolen));
        await (await replay.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        var minted = await replay.PostAsync("/api/identity/me/tokens", new { name = "stolen" });
        Assert.True(minted.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"minting with a dead cookie answered {minted.StatusCode}");
        client.Dispose();
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_user()
    {
        using var admin = await app.SignedInAsync();
        await (await admin.PostAsync("/api/identity/users",
            new { email = "everywhere@crm.local", displayName = "Везде", role = "Manager", password = "everywhere-pass-1" })).JsonAsync(HttpStatusCode.Created);
        var (first, _) = await SignedInBrowserAsync("everywhere@crm.local", "everywhere-pass-1");
        var (second, _) = await SignedInBrowserAsync("everywhere@crm.local", "everywhere-pass-1");
        await (await second.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/api/identity/me/sign-out-everywhere")).StatusCode);

        await (await first.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await second.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        // Other users' sessions live on; signing in again works.
        await (await admin.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        (await app.SignedInAsync("everywhere@crm.local", "everywhere-pass-1")).Dispose();
        first.Dispose();
        second.Dispose();
    }

    private async Task<(CrmClient Client, BrowserHandler Handler)> SignedInBrowserAsync(string email = CrmApp.AdminEmail, string password = CrmApp.AdminPassword)
    {
        var handler = new BrowserHandler();
        var client = new CrmClient(app.Factory.CreateDefaultClient(handler));
        (await client.SignInAsync(email, password)).EnsureSuccessStatusCode();
        return (client, handler);
    }

    private static BrowserHandler Copy(BrowserHandler from)
    {
        var to = new BrowserHandler();
        foreach (Cookie cookie in from.Cookies.GetAllCookies())
        {
            to.Cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }
        return to;
    }
}
