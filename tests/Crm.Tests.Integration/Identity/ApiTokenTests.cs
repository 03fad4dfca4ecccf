using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Identity;

public sealed class ApiTokenTests(CrmApp app) : IClassFixture<CrmApp>
{
    private HttpClient Script(string token)
    {
        var http = app.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    [Fact]
    public async Task A_script_uses_a_personal_token_without_cookies_or_antiforgery_until_it_is_revoked()
    {
        using var browser = await app.SignedInAsync();
        var created = await (await browser.PostAsync("/api/identity/me/tokens", new { name = "Выгрузка в 1С" })).JsonAsync(HttpStatusCode.Created);
        var token = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("id").GetString();

        using var script = Script(token);
        var me = await (await script.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(CrmApp.AdminEmail, me.GetProperty("email").GetString());
        await (await script.PutAsJsonAsync("/api/identity/me/settings", new { language = "ru", timeZone = "Europe/Moscow", reminderLeadMinutes = 45 }))
            .JsonAsync(HttpStatusCode.OK);

        var tokens = await (await browser.GetAsync("/api/identity/me/tokens")).JsonAsync(HttpStatusCode.OK);
        var listed = tokens.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal("Выгрузка в 1С", listed.GetProperty("name").GetString());
        Assert.False(listed.TryGetProperty("token", out _));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync($"/api/identity/me/tokens/{id}")).StatusCode);
        await (await script.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await browser.DeleteAsync($"/api/identity/me/tokens/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deactivated_users_token_stops_working()
    {
        using var admin = await app.SignedInAsync();
        var user = await (await admin.PostAsync("/api/identity/users",
            new { email = "bot@crm.local", displayName = "Bot", role = "Manager", password = "bot-password" })).JsonAsync(HttpStatusCode.Created);
        using var owner = await app.SignedInAsync("bot@crm.local", "bot-password");
        var token = (await (await owner.PostAsync("/api/identity/me/tokens", new { name = "bot" })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("token").GetString()!;
        using var script = Script(token);
        await (await script.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);

        await admin.PostAsync($"/api/identity/users/{user.GetProperty("id")}/deactivate");
        await (await script.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_made_up_token_is_refused_and_a_token_needs_a_name()
    {
        using var script = Script("crm_" + new string('0', 64));
        await (await script.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);

        using var browser = await app.SignedInAsync();
        var problem = await (await browser.PostAsync("/api/identity/me/tokens", new { name = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("name"));
    }

    [Fact]
    public async Task A_token_cannot_do_what_its_owners_role_cannot()
    {
        using var admin = await app.SignedInAsync();
        await admin.PostAsync("/api/identity/users", new { email = "scripter@crm.local", displayName = "Scripter", role = "Manager", password = "scripter-password" });
        using var owner = await app.SignedInAsync("scripter@crm.local", "scripter-password");
        var token = (await (await owner.PostAsync("/api/identity/me/tokens", new { name = "mine" })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("token").GetString()!;
        using var script = Script(token);
        await (await script.PostAsJsonAsync("/api/identity/users", new { email = "z@crm.local", displayName = "Z", role = "Admin", password = "Zeta-password-1" }))
            .ProblemAsync(HttpStatusCode.Forbidden);
    }
}
