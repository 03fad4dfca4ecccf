using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// The hub (/hubs/crm) takes negotiate and the WebSocket upgrade only from the app's own origin (the
/// request's own host, or App:PublicUrl); a foreign Origin is 403 even with a valid session cookie,
/// and a request without Origin (a script, the .NET client) goes on with its session as before.
/// </summary>
public sealed class HubOriginTests : IAsyncLifetime
{
    private const string PublicUrl = "https://crm.example.test";
    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        app = new CrmApp(database, new TestClock(), new Dictionary<string, string> { ["App:PublicUrl"] = PublicUrl + "/" });
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(app.Database);
    }

    [Theory]
    [InlineData("https://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:8081", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData(PublicUrl, HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task Negotiate_answers_only_our_own_origin(string? origin, HttpStatusCode expected)
    {
        var (client, _) = await SignedInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/crm/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        Assert.Equal(expected, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Without_a_session_no_origin_opens_the_hub() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().PostAsync("/hubs/crm/negotiate?negotiateVersion=1")).StatusCode);

    [Fact]
    public async Task A_websocket_from_a_foreign_page_is_refused_and_one_from_ours_connects()
    {
        var (client, cookies) = await SignedInAsync();
        var negotiated = await (await client.PostAsync("/hubs/crm/negotiate?negotiateVersion=1", null)).JsonAsync(HttpStatusCode.OK);
        var token = negotiated.GetProperty("connectionToken").GetString()!;
        var url = new Uri(app.Factory.Server.BaseAddress, $"/hubs/crm?id={token}");

        var foreign = Socket(cookies, "https://evil.example");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => foreign.ConnectAsync(url, CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        using var socket = await Socket(cookies, PublicUrl).ConnectAsync(url, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private async Task<(HttpClient Client, string Cookies)> SignedInAsync()
    {
        var handler = new BrowserHandler { InnerHandler = app.Factory.Server.CreateHandler() };
        var client = new HttpClient(handler) { BaseAddress = app.Factory.Server.BaseAddress };
        await client.GetAsync("/api/identity/me");
        (await client.PostAsJsonAsync("/api/identity/sign-in", new { email = CrmApp.AdminEmail, password = CrmApp.AdminPassword })).EnsureSuccessStatusCode();
        return (client, handler.Cookies.GetCookieHeader(new Uri("http://localhost/")));
    }

    private Microsoft.AspNetCore.TestHost.WebSocketClient Socket(string cookies, string origin)
    {
        var socket = app.Factory.Server.CreateWebSocketClient();
        socket.ConfigureRequest = r =>
        {
            r.Headers.Cookie = cookies;
            r.Headers.Origin = origin;
        };
        return socket;
    }
}
