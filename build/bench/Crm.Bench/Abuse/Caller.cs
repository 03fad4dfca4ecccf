using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Crm.Bench.Abuse;

/// <summary>What one call got: the status (null when the connection failed: no answer), the client's time, Retry-After in seconds.</summary>
public readonly record struct Outcome(int? Status, double Ms, int? RetryAfter, string? Error)
{
    /// <summary>The status, "503 gate" for the password hashing gate's refusal (any other 503 is a failure), or "no answer".</summary>
    public string Label => Status switch
    {
        null => "no answer",
        503 when IsGate => "503 gate",
        _ => Status.Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The hashing gate's 503, told by its detail (PasswordHashingGate), Russian or English.</summary>
    public bool IsGate => Status == 503 && Detail(Error) is { } d
                          && (d.Contains("слишком много паролей", StringComparison.Ordinal) || d.Contains("too many passwords", StringComparison.Ordinal));

    private static string? Detail(string? problem)
    {
        try
        {
            return problem is null ? null : JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>
/// A browser at the sign-in page: the XSRF cookie from a first GET, echoed on every change, and a session cookie once
/// signed in. Each request may name its client IP in X-Forwarded-For, which the host believes because it trusts a proxy
/// on loopback (<see cref="AbuseRun.HostSettings"/>), so one caller plays as many IPs as a scenario needs.
/// </summary>
internal sealed class Caller : IDisposable
{
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;
    private readonly Uri baseAddress;

    private Caller(Uri baseAddress)
    {
        this.baseAddress = baseAddress;
        http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    /// <summary>A GET for the XSRF-TOKEN cookie (401: nobody is signed in yet).</summary>
    public static async Task<Caller> OpenAsync(Uri baseAddress, CancellationToken ct)
    {
        var caller = new Caller(baseAddress);
        await caller.SendAsync(HttpMethod.Get, "api/identity/me", null, null, ct);
        return caller;
    }

    /// <summary>A caller signed in as <paramref name="email"/> from <paramref name="ip"/>; throws when the sign-in is refused.</summary>
    public static async Task<Caller> SignedInAsync(Uri baseAddress, string email, string password, string ip, CancellationToken ct)
    {
        var caller = await OpenAsync(baseAddress, ct);
        var signIn = await caller.SignInAsync(email, password, ip, ct);
        if (signIn.Status != 200)
        {
            caller.Dispose();
            throw new InvalidOperationException($"sign-in as {email} from {ip}: {signIn.Label} {signIn.Error}");
        }
        return caller;
    }

    /// <summary>The Cookie header this caller sends (the antiforgery cookie and XSRF-TOKEN, the session once signed in).</summary>
    public string CookieHeader => cookies.GetCookieHeader(baseAddress);

    /// <summary>The value a change echoes in X-XSRF-TOKEN.</summary>
    public string? Xsrf => cookies.GetCookies(baseAddress)["XSRF-TOKEN"]?.Value;

    public Task<Outcome> SignInAsync(string email, string password, string? ip, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "api/identity/sign-in", JsonContent.Create(new { email, password }), ip, ct);

    public Task<Outcome> GetAsync(string url, string? ip, CancellationToken ct) => SendAsync(HttpMethod.Get, url, null, ip, ct);

    public Task<Outcome> PostAsync(string url, object body, string? ip, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, url, JsonContent.Create(body), ip, ct);

    /// <summary>Sends and reads the whole answer; a failed connection is an outcome (no answer), not an exception.</summary>
    public async Task<Outcome> SendAsync(HttpMethod method, string url, HttpContent? content, string? ip, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (method != HttpMethod.Get && Xsrf is { } xsrf)
        {
            request.Headers.Add("X-XSRF-TOKEN", xsrf);
        }
        if (ip is not null)
        {
            request.Headers.Add("X-Forwarded-For", ip);
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var status = (int)response.StatusCode;
            var error = status >= 400 ? await response.Content.ReadAsStringAsync(ct) : null;
            return new Outcome(status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, RetryAfter(response.Headers.RetryAfter), error);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException
                                   || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return new Outcome(null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null, ex.GetBaseException().Message);
        }
    }

    private static int? RetryAfter(RetryConditionHeaderValue? value) =>
        value?.Delta is { } delta ? (int)delta.TotalSeconds : null;

    public void Dispose() => http.Dispose();
}

/// <summary>Runs <c>count</c> calls with at most <c>concurrency</c> in flight (a new one starts as one ends); the outcomes in call order.</summary>
internal static class Burst
{
    public static async Task<Outcome[]> RunAsync(int count, int concurrency, Func<int, CancellationToken, Task<Outcome>> call, CancellationToken ct)
    {
        var outcomes = new Outcome[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => outcomes[i] = await call(i, token));
        return outcomes;
    }
}
