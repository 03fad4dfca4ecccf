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
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = baseAddress };
        string Xsrf() => cookies.GetCookies(baseAddress)["XSRF-TOKEN"]?.Value ?? throw new InvalidOperationException("no XSRF-TOKEN cookie");

        using (await http.GetAsync("api/identity/me", ct))
        {
            // 401, but the GET issues the XSRF-TOKEN cookie
        }
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "api/identity/sign-in")
        {
            Content = JsonContent.Create(new { email = adminEmail, password = adminPassword }),
        };
        signIn.Headers.Add("X-XSRF-TOKEN", Xsrf());
        using (var response = await http.SendAsync(signIn, ct))
        {
            await EnsureAsync(response, "sign-in", ct);
        }
        using var create = new HttpRequestMessage(HttpMethod.Post, "api/identity/me/tokens")
        {
            Content = JsonContent.Create(new { name = tokenName }),
        };
        create.Headers.Add("X-XSRF-TOKEN", Xsrf());
        using var created = await http.SendAsync(create, ct);
        await EnsureAsync(created, "create API token", ct);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
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

    public static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
