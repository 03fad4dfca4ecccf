using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// A web form against bots, on a host with the real limit (10 posts a minute per IP) behind a trusted
/// proxy (127.0.0.1) whose X-Forwarded-For names the client: the 11th post from one IP is 429 with
/// Retry-After while another IP goes on; a filled honeypot is answered exactly as a success, files
/// nothing and is counted in one Information line.
/// </summary>
public sealed class FormAbuseTests : IAsyncLifetime, IDisposable
{
    private readonly LogCapture log = new();
    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        app = new CrmApp(await TestDatabase.CreateAsync(), new TestClock(), new Dictionary<string, string>
        {
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["AbuseLimits:PublicFormPerMinute"] = "10",
            ["Logging:LogLevel:Crm.Modules.Inbox"] = "Information",
        });
        await app.InitializeAsync();
        app.Factory.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(app.Database);
    }

    public void Dispose() => log.Dispose();

    [Fact]
    public async Task The_eleventh_post_in_a_minute_from_one_ip_is_429_with_retry_after_and_other_ips_go_on()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var key = (await admin.FormAsync(pipeline)).Str("key")!;
        var client = new { contactName = "Иван", phone = "+73432123456" };

        for (var i = 0; i < 10; i++)
        {
            await (await app.PostJsonAsync(key, client, forwardedFor: "203.0.113.9")).JsonAsync(HttpStatusCode.Created);
        }
        var refused = await app.PostJsonAsync(key, client, FormsKit.Site, "203.0.113.9");
        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(FormsKit.Site, Assert.Single(refused.Headers.GetValues("Access-Control-Allow-Origin")));
        // bad posts count too: a bot cannot probe for free
        await (await app.PostJsonAsync(new string('A', 43), client, forwardedFor: "203.0.113.9")).ProblemAsync(HttpStatusCode.TooManyRequests);

        await (await app.PostJsonAsync(key, client, forwardedFor: "203.0.113.10")).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(11, (await app.RequestsInAsync(pipeline)).Count);
    }

    [Fact]
    public async Task A_filled_honeypot_gets_the_answer_of_a_success_files_nothing_and_is_logged_once_at_information()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var form = await admin.FormAsync(pipeline);
        var key = form.Str("key")!;

        var bot = await app.PostJsonAsync(key, new { contactName = "Bot", phone = "+73432123456", homepage = "http://spam.example" }, FormsKit.Site, "198.51.100.1");
        var person = await app.PostJsonAsync(key, new { contactName = "Иван", phone = "+73432123456", homepage = "" }, FormsKit.Site, "198.51.100.2");
        Assert.Equal(HttpStatusCode.Created, bot.StatusCode);
        Assert.Equal(await person.Content.ReadAsStringAsync(), await bot.Content.ReadAsStringAsync());
        Assert.Equal(person.Content.Headers.ContentType, bot.Content.Headers.ContentType);
        Assert.Equal(person.Headers.GetValues("Access-Control-Allow-Origin"), bot.Headers.GetValues("Access-Control-Allow-Origin"));

        // without script, and with nothing else filled: the thank-you page all the same
        var plainBot = await app.PostPlainFormAsync(key, new Dictionary<string, string> { ["homepage"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.OK, plainBot.StatusCode);
        Assert.Contains("Спасибо! Мы перезвоним.", await plainBot.Content.ReadAsStringAsync());

        var only = Assert.Single(await app.RequestsInAsync(pipeline));
        Assert.Equal("Иван", (await (await admin.GetAsync($"/api/inbox/requests/{only.Id}")).JsonAsync(HttpStatusCode.OK)).Str("contactName"));
        var honeypot = log.Lines.Where(l => l.Contains("honeypot", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, honeypot.Count);
        Assert.All(honeypot, l => Assert.StartsWith("Information ", l));
        Assert.All(honeypot, l => Assert.Contains(form.Str("id")!, l));
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("Warning ", StringComparison.Ordinal) || l.StartsWith("Error ", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(key, StringComparison.Ordinal)); // the key is written as *** in the request log
    }
}
