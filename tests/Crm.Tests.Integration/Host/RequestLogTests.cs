using System.Net;
using System.Net.Http.Headers;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// What the app logs about requests: one line per request with the path, never a secret. The
/// calendar feed's token (in its path) is written as ***; a password in a sign-in body and an API
/// token in the Authorization header appear in no line and no scope, whatever the log levels
/// (everything at Debug here, and the framework's request lines asked for as they once were).
/// </summary>
public sealed class RequestLogTests : IAsyncLifetime, IDisposable
{
    private const string ManagerPassword = "log-secret-password";
    private readonly LogCapture log = new();
    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        app = new CrmApp(database, new TestClock(), new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            ["Logging:Console:LogLevel:Default"] = "Warning",
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
    public async Task The_calendar_token_an_api_token_and_a_password_never_reach_the_log()
    {
        using var admin = await app.SignedInAsync();
        (await admin.PostAsync("/api/identity/users",
            new { email = "logged@crm.local", displayName = "Менеджер", role = "Manager", password = ManagerPassword })).EnsureSuccessStatusCode();
        using var manager = await app.SignedInAsync("logged@crm.local", ManagerPassword);
        var calendar = await (await manager.PostAsync("/api/tasks/calendar/token")).JsonAsync(HttpStatusCode.OK);
        var calendarToken = calendar.GetProperty("token").GetString()!;
        var apiToken = (await (await manager.PostAsync("/api/identity/me/tokens", new { name = "скрипт" })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("token").GetString()!;

        var feed = await app.Client().GetAsync(calendar.GetProperty("path").GetString()!);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Contains("BEGIN:VCALENDAR", await feed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = app.Client();
        script.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/identity/me")).StatusCode);
        using var wrong = app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.SignInAsync("logged@crm.local", ManagerPassword + "-wrong")).StatusCode);

        await Eventually.TrueAsync(() => Task.FromResult(
            log.Lines.Any(l => l.Contains("HTTP POST /api/identity/sign-in responded 401", StringComparison.Ordinal))),
            "the request line of the failed sign-in");
        var lines = log.Lines;
        Assert.Contains(lines, l => l.Contains("HTTP GET /api/tasks/calendar/***.ics responded 200", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("HTTP GET /api/identity/me responded 200", StringComparison.Ordinal));
        foreach (var secret in new[] { calendarToken, apiToken, ManagerPassword })
        {
            var leaked = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leaked is null, $"a secret in the log: {leaked}");
        }
    }
}
