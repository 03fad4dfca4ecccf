using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// The snippet an admin pastes into the company's site: it posts to the configured public address
/// (App:PublicUrl, here one with characters HTML gives meaning to), never to the Host the admin asked at;
/// it shows the form's fields with Russian labels and a honeypot, and carries no other value. Without a
/// configured address there is no snippet.
/// </summary>
public sealed partial class FormSnippetTests : IAsyncLifetime
{
    private const string PublicUrl = "https://crm.example.test/x\"><script>alert(1)</script>&y";

    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        app = new CrmApp(await TestDatabase.CreateAsync(), new TestClock(), new Dictionary<string, string> { ["App:PublicUrl"] = PublicUrl });
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(app.Database);
    }

    [Fact]
    public async Task The_snippet_posts_to_the_configured_address_with_the_forms_fields_and_every_value_encoded()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var form = await admin.FormAsync(pipeline, new
        {
            name = "<script>alert('name')</script>",
            thankYou = "<img src=x onerror=alert('thanks')>",
            fields = new { contactName = "required", phone = "optional", email = "required", message = "optional", region = "off" },
        });
        var key = form.Str("key")!;
        admin.Http.DefaultRequestHeaders.Host = "evil.example";

        var snippet = await (await admin.GetAsync($"/api/inbox/forms/{form.IdOf("id")}/snippet")).JsonAsync(HttpStatusCode.OK);
        var action = $"{PublicUrl}/api/inbox/forms/{key}/submissions";
        Assert.Equal(action, snippet.Str("action"));
        var html = snippet.Str("html")!;

        Assert.Contains(
            $"<form class=\"crm-form\" method=\"post\" action=\"https://crm.example.test/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;y/api/inbox/forms/{key}/submissions\" accept-charset=\"utf-8\">",
            html);
        Assert.DoesNotContain("evil.example", html);
        Assert.DoesNotContain("alert(1)</script>", html);
        Assert.DoesNotContain("alert('name')", html);
        Assert.DoesNotContain("alert('thanks')", html);

        Assert.Equal(["contactName", "phone", "email", "message", "homepage"], Names().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Equal(["Имя *", "Телефон", "E-mail *", "Сообщение"], Labels().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Matches("<input name=\"contactName\"[^>]* required>", html);
        Assert.Matches("<input name=\"email\" type=\"email\"[^>]* required>", html);
        Assert.Matches("<input name=\"phone\" type=\"tel\"[^>]*\"30\">", html);
        Assert.Contains("<textarea name=\"message\"", html);
        Assert.Matches("aria-hidden=\"true\"><label>Не заполняйте это поле <input name=\"homepage\" tabindex=\"-1\" autocomplete=\"off\">", html);
        Assert.Contains("<script>", html);
        Assert.Contains("fetch(f.action", html);
        Assert.Contains("'Content-Type': 'application/json'", html);
        Assert.Contains("textContent = x.j.thankYou", html);
        Assert.DoesNotContain("innerHTML", html);

        await (await admin.GetAsync($"/api/inbox/forms/{Guid.NewGuid()}/snippet")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_configured_public_address_there_is_no_snippet()
    {
        var unconfigured = new CrmApp(app.Database, new TestClock(), new Dictionary<string, string> { ["App:PublicUrl"] = "" });
        await unconfigured.InitializeAsync();
        try
        {
            var pipeline = await unconfigured.SalesPipelineAsync();
            using var admin = await unconfigured.SignedInAsync();
            var form = await admin.FormAsync(pipeline);

            var problem = await (await admin.GetAsync($"/api/inbox/forms/{form.IdOf("id")}/snippet")).ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("Не задан адрес приложения", problem.Str("title"));
            Assert.Contains("App__PublicUrl", problem.Str("detail"));
        }
        finally
        {
            await unconfigured.DisposeAsync();
        }
    }

    [GeneratedRegex("name=\"([a-zA-Z]+)\"")]
    private static partial Regex Names();

    [GeneratedRegex("<label>([^<]+)<br>")]
    private static partial Regex Labels();
}
