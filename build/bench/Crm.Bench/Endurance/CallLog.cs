using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Crm.Bench.Endurance;

/// <summary>What a call got: the status (null when the connection failed: no answer at all) and the JSON body of a success.</summary>
internal readonly record struct Answer(HttpStatusCode? Status, JsonElement Body)
{
    public bool Is(HttpStatusCode status) => Status == status;
}

/// <summary>Counts by kind, from the client's side: calls, client time, answers by class, and calls that got no answer.</summary>
public sealed record CallCounts(long Calls, long Ok, long ClientErrors, long ServerErrors, long NoAnswer);

/// <summary>
/// Every call of an endurance scenario goes through here: the client's time per kind of call (send to the last
/// byte), 2xx / 4xx / 5xx, and the calls that got no answer (connection refused or reset: expected while a host is
/// killed, and never taken as acknowledged). Nothing here reads the host's log.
/// </summary>
internal sealed class CallLog(string tag)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> times = new();
    private readonly ConcurrentDictionary<string, int> reported = new();
    private long calls, ok, clientErrors, serverErrors, noAnswer;

    /// <summary>While false, calls are counted but their times are not kept (a warm-up).</summary>
    public bool Timing { get; set; } = true;

    public long ServerErrors => Interlocked.Read(ref serverErrors);

    public long Calls => Interlocked.Read(ref calls);

    public CallCounts Counts() => new(Calls, Interlocked.Read(ref ok), Interlocked.Read(ref clientErrors), ServerErrors, Interlocked.Read(ref noAnswer));

    public Dictionary<string, Stats> Latencies() =>
        times.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => Stats.Of(t.Value));

    public Task<Answer> GetAsync(HttpClient http, string kind, string url, CancellationToken ct) =>
        SendAsync(http, kind, HttpMethod.Get, url, null, ct);

    public Task<Answer> PostAsync(HttpClient http, string kind, string url, object body, CancellationToken ct) =>
        SendAsync(http, kind, HttpMethod.Post, url, body, ct);

    private async Task<Answer> SendAsync(HttpClient http, string kind, HttpMethod method, string url, object? body, CancellationToken ct)
    {
        Interlocked.Increment(ref calls);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (Timing)
            {
                times.GetOrAdd(kind, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                Interlocked.Increment(ref serverErrors);
                Report(kind, $"{status} for {method} {url}: {System.Text.Encoding.UTF8.GetString(bytes)}");
            }
            else if (status >= 400)
            {
                Interlocked.Increment(ref clientErrors);
                Report(kind, $"{status} for {method} {url}: {System.Text.Encoding.UTF8.GetString(bytes)}");
            }
            else
            {
                Interlocked.Increment(ref ok);
            }
            var json = response.IsSuccessStatusCode && bytes.Length > 0 ? JsonDocument.Parse(bytes).RootElement : default;
            return new Answer(response.StatusCode, json);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException
                                   || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            Interlocked.Increment(ref noAnswer);
            return new Answer(null, default);
        }
    }

    /// <summary>The first three failures of a kind go to stderr, so a run that fails says why.</summary>
    private void Report(string kind, string what)
    {
        if (reported.AddOrUpdate(kind, 1, (_, n) => n + 1) <= 3)
        {
            Console.Error.WriteLine($"[{tag}] {kind}: {what}");
        }
    }
}
