using System.Net;
using System.Net.Http.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Identity;

public sealed class SignInTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Admin_signs_in_with_the_seeded_credentials_and_gets_their_profile()
    {
        using var client = app.Client();
        var me = await (await client.SignInAsync("ADMIN@crm.local ", CrmApp.AdminPassword)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("admin@crm.local", me.GetProperty("email").GetString());
        Assert.Equal("Admin", me.GetProperty("role").GetString());
        Assert.Equal("ru", me.GetProperty("settings").GetProperty("language").GetString());

        var again = await (await client.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(me.GetProperty("id").GetString(), again.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_session_cookie_is_http_only()
    {
        using var client = app.Client();
        var response = await client.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("crm.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_answer_the_same()
    {
        using var client = app.Client();
        var unknown = await (await client.SignInAsync("nobody@crm.local", "whatever123")).ProblemAsync(HttpStatusCode.Unauthorized);
        var wrong = await (await client.SignInAsync(CrmApp.AdminEmail, "wrong-password")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(unknown.GetProperty("detail").GetString(), wrong.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Empty_or_oversized_input_gets_field_messages()
    {
        using var client = app.Client();
        var problem = await (await client.SignInAsync("", "")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Введите e-mail"], problem.FieldErrors("email"));
        Assert.Equal(["Введите пароль"], problem.FieldErrors("password"));

        // long, but under the 16 KB an anonymous body may have (past it: 413, AbuseLimitsTests)
        var huge = await (await client.SignInAsync(new string('a', 7_000) + "@x.ru", new string('p', 7_000))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(huge.FieldErrors("email"));
        Assert.NotEmpty(huge.FieldErrors("password"));
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_not_a_crash()
    {
        using var client = app.Client();
        await client.GetAsync("/api/identity/me");
        using var content = new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await client.Http.PostAsync("/api/identity/sign-in", content);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var client = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/identity/sign-out")).StatusCode);
        await (await client.GetAsync("/api/identity/me")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unsafe_requests_without_the_antiforgery_header_are_refused()
    {
        var handler = new BrowserHandler();
        using var client = new CrmClient(app.Factory.CreateDefaultClient(handler));
        (await client.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).EnsureSuccessStatusCode();

        handler.SendXsrfHeader = false;
        var refused = await client.PutAsync("/api/identity/me/settings", new { language = "en", timeZone = "Europe/Moscow", reminderLeadMinutes = 30 });
        await refused.ProblemAsync(HttpStatusCode.BadRequest);
        var signIn = await client.Http.PostAsJsonAsync("/api/identity/sign-in", new { email = CrmApp.AdminEmail, password = CrmApp.AdminPassword });
        await signIn.ProblemAsync(HttpStatusCode.BadRequest);

        // Reads need no token.
        await (await client.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        handler.SendXsrfHeader = true;
        await (await client.PutAsync("/api/identity/me/settings", new { language = "ru", timeZone = "Europe/Moscow", reminderLeadMinutes = 30 }))
            .JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_calls_get_401_in_the_callers_language()
    {
        using var client = app.Client();
        client.Http.DefaultRequestHeaders.Add("Accept-Language", "en");
        var problem = await (await client.GetAsync("/api/identity/users")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Sign-in required", problem.GetProperty("title").GetString());
    }
}
