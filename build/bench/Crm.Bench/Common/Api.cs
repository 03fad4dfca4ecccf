using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Bench;

/// <summary>Talking to the published host as a client does: sign-in, a personal API token, keep-alive clients.</summary>
internal static class Api
{
    /// <summary>Signs in as the seeded admin the way the browser does (XSRF cookie echoed), then creates a personal API token.</summary>
    public static async Task<string> SignInAndCreateTokenAsync(Uri baseAddress, string adminEmail, string adminPassword, string tokenName, CancellationToken ct)
    {
        using var session = await BrowserSession.SignInAsync(baseAddress, adminEmail, adminPassword, ct);
        var body = await session.SendAsync(HttpMethod.Post, "api/identity/me/tokens", new { name = tokenName }, "create API token", ct);
        return body.GetProperty("token").GetString()!;
    }

    public static HttpClient Client(Uri baseAddress, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A POST whose answer carries the created record's <c>id</c>.</summary>
    public static async Task<Guid> PostForIdAsync(HttpClient api, string url, object body, CancellationToken ct)
    {
        using var response = await api.PostAsJsonAsync(url, body, ct);
        await EnsureAsync(response, $"POST {url}", ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
    }

    public static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}

/// <summary>A signed-in browser: the session cookie, and the XSRF token echoed on every change.</summary>
internal sealed class BrowserSession : IDisposable
{
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;
    private readonly Uri baseAddress;

    private BrowserSession(Uri baseAddress)
    {
        this.baseAddress = baseAddress;
        http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = baseAddress };
    }

    /// <summary>A GET for the XSRF-TOKEN cookie, then <c>POST /api/identity/sign-in</c> echoing it.</summary>
    public static async Task<BrowserSession> SignInAsync(Uri baseAddress, string email, string password, CancellationToken ct)
    {
        var session = new BrowserSession(baseAddress);
        using (await session.http.GetAsync("api/identity/me", ct))
        {
            // 401, but the GET issues the XSRF-TOKEN cookie
        }
        await session.SendAsync(HttpMethod.Post, "api/identity/sign-in", new { email, password }, $"sign-in as {email}", ct);
        return session;
    }

    /// <summary>A change (POST, PUT) with the XSRF header; the answer's JSON (default when it has none).</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string url, object body, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-XSRF-TOKEN",
            cookies.GetCookies(baseAddress)["XSRF-TOKEN"]?.Value ?? throw new InvalidOperationException("no XSRF-TOKEN cookie"));
        using var response = await http.SendAsync(request, ct);
        await Api.EnsureAsync(response, what, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public void Dispose() => http.Dispose();
}
