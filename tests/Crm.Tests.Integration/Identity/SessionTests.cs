using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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
        await minted.ProblemAsync(HttpStatusCode.Unauthorized);
        client.Dispose();
    }

    [Fact]
    public async Task The_start_up_probe_answers_200_signed_in_or_not_while_me_keeps_its_401()
    {
        var handler = new BrowserHandler();
        using var browser = new CrmClient(app.Factory.CreateDefaultClient(handler));
        var nobody = await (await browser.GetAsync("/api/identity/session")).JsonAsync(HttpStatusCode.OK);
        Assert.False(nobody.GetProperty("signedIn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, nobody.GetProperty("user").ValueKind);
        // The probe gives the browser its XSRF token, so the sign-in form that follows is accepted.
        Assert.NotNull(handler.Cookies.GetCookies(new Uri("http://localhost/"))["XSRF-TOKEN"]);
        await (await browser.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);

        (await browser.Http.PostAsJsonAsync("/api/identity/sign-in", new { email = CrmApp.AdminEmail, password = CrmApp.AdminPassword })).EnsureSuccessStatusCode();
        var signedIn = await (await browser.GetAsync("/api/identity/session")).JsonAsync(HttpStatusCode.OK);
        Assert.True(signedIn.GetProperty("signedIn").GetBoolean());
        Assert.Equal(CrmApp.AdminEmail, signedIn.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("ru", signedIn.GetProperty("user").GetProperty("settings").GetProperty("language").GetString());

        // A cookie whose session has ended is no session: the probe says so, /me still refuses.
        var kept = Copy(handler);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/identity/sign-out")).StatusCode);
        using var replay = new CrmClient(app.Factory.CreateDefaultClient(kept));
        var ended = await (await replay.GetAsync("/api/identity/session")).JsonAsync(HttpStatusCode.OK);
        Assert.False(ended.GetProperty("signedIn").GetBoolean());
        await (await replay.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
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

    [Fact]
    public async Task A_browser_whose_session_ended_elsewhere_signs_in_again_without_a_reload()
    {
        await CreateUserAsync("again@crm.local", "again-pass-12");
        var (here, _) = await SignedInBrowserAsync("again@crm.local", "again-pass-12");
        var (open, _) = await SignedInBrowserAsync("again@crm.local", "again-pass-12");
        Assert.Equal(HttpStatusCode.NoContent, (await here.PostAsync("/api/identity/me/sign-out-everywhere")).StatusCode);

        // The open app's next write answers 401 and it shows the sign-in form: the form's sign-in is
        // accepted, though the XSRF token the app held was issued to the session that ended.
        await (await open.PostAsync("/api/identity/me/tokens", new { name = "late" })).ProblemAsync(HttpStatusCode.Unauthorized);
        (await open.PostAsync("/api/identity/sign-in", new { email = "again@crm.local", password = "again-pass-12" })).EnsureSuccessStatusCode();
        await (await open.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        here.Dispose();
        open.Dispose();
    }

    [Fact]
    public async Task Changing_my_password_ends_my_other_sessions_and_by_choice_my_tokens()
    {
        await CreateUserAsync("changer@crm.local", "changer-pass-1");
        var (here, _) = await SignedInBrowserAsync("changer@crm.local", "changer-pass-1");
        var (elsewhere, _) = await SignedInBrowserAsync("changer@crm.local", "changer-pass-1");
        var kept = await MintTokenAsync(here);

        var wrong = await (await here.PostAsync("/api/identity/me/password",
            new { currentPassword = "not-my-password", newPassword = "changer-pass-2", revokeApiTokens = false })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("currentPassword", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await here.PostAsync("/api/identity/me/password",
            new { currentPassword = "changer-pass-1", newPassword = "changer-pass-2", revokeApiTokens = false })).StatusCode);
        await (await here.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        await (await elsewhere.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        using (var script = Script(kept))
        {
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/identity/me")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().SignInAsync("changer@crm.local", "changer-pass-1")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await here.PostAsync("/api/identity/me/password",
            new { currentPassword = "changer-pass-2", newPassword = "changer-pass-3", revokeApiTokens = true })).StatusCode);
        using (var script = Script(kept))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/identity/me")).StatusCode);
        }
        (await app.SignedInAsync("changer@crm.local", "changer-pass-3")).Dispose();
        here.Dispose();
        elsewhere.Dispose();
    }

    [Fact]
    public async Task A_password_reset_revokes_the_users_tokens_for_good()
    {
        using var admin = await app.SignedInAsync();
        var id = await CreateUserAsync("reset@crm.local", "reset-pass-01");
        var (owner, _) = await SignedInBrowserAsync("reset@crm.local", "reset-pass-01");
        var token = await MintTokenAsync(owner);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/identity/users/{id}/reset-password", new { password = "reset-pass-02" })).StatusCode);

        using var script = Script(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/identity/me")).StatusCode);
        await (await owner.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        owner.Dispose();
    }

    [Fact]
    public async Task Re_activating_a_user_does_not_revive_their_old_tokens()
    {
        using var admin = await app.SignedInAsync();
        var id = await CreateUserAsync("revive@crm.local", "revive-pass-1");
        var (owner, _) = await SignedInBrowserAsync("revive@crm.local", "revive-pass-1");
        var token = await MintTokenAsync(owner);

        await (await admin.PostAsync($"/api/identity/users/{id}/deactivate")).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/identity/users/{id}/activate")).JsonAsync(HttpStatusCode.OK);

        using var script = Script(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/identity/me")).StatusCode);
        await (await owner.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        owner.Dispose();
    }

    private async Task<string> CreateUserAsync(string email, string password)
    {
        using var admin = await app.SignedInAsync();
        var user = await (await admin.PostAsync("/api/identity/users",
            new { email, displayName = email, role = "Manager", password })).JsonAsync(HttpStatusCode.Created);
        return user.GetProperty("id").GetString()!;
    }

    private static async Task<string> MintTokenAsync(CrmClient owner) =>
        (await (await owner.PostAsync("/api/identity/me/tokens", new { name = "script" })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("token").GetString()!;

    private HttpClient Script(string token)
    {
        var http = app.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
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
