using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Bench;

/// <summary>One measured scenario: client times of every call, and the host's own times of the same calls when the log has them all.</summary>
public sealed record ScenarioResult(
    string Scenario, string What, int Clients, int Calls, int Failures, double CallsPerSecond, long ResponseBytes,
    Stats ClientMs, Stats? ServerMs);

/// <summary>
/// Runs scenarios against the host: client-side time per call, and the host's own request line (Crm.Requests)
/// for the same calls. Every request to a measured path must go through this runner (it counts them, so it can
/// tell which logged times belong to a scenario).
/// </summary>
internal sealed class ScenarioRunner(Uri baseAddress, HostProcess host, int warmup, int calls, string tag)
{
    private long sent;

    /// <summary>Requests to a measured path sent elsewhere (a POST of a check): the host logs them too.</summary>
    public void CountOutside(int requests) => Interlocked.Add(ref sent, requests);

    /// <summary>Requests to a measured path so far (the runner's and those counted outside): what the host's log should hold.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>A GET of a measured path outside the measured calls (setup, checks): counted, not timed.</summary>
    public async Task<byte[]> GetBytesAsync(HttpClient http, string url, CancellationToken ct)
    {
        Interlocked.Increment(ref sent);
        using var response = await http.GetAsync(url, ct);
        await Api.EnsureAsync(response, url, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task<JsonElement> GetJsonAsync(HttpClient http, string url, CancellationToken ct) =>
        JsonDocument.Parse(await GetBytesAsync(http, url, ct)).RootElement;

    /// <summary><paramref name="warmup"/> calls, then <paramref name="calls"/> measured ones shared by <paramref name="clients"/> clients.</summary>
    public async Task<ScenarioResult> RunAsync(string name, string what, string token, Func<int, string> url, int clients, CancellationToken ct)
    {
        var http = Enumerable.Range(0, clients).Select(_ => Api.Client(baseAddress, token)).ToArray();
        try
        {
            await CallsAsync(http, url, warmup, ct);
            var from = await host.WaitForRequestsAsync(Interlocked.Read(ref sent), ct);
            var started = Stopwatch.GetTimestamp();
            var (times, failures, bytes) = await CallsAsync(http, url, calls, ct);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var to = await host.WaitForRequestsAsync(Interlocked.Read(ref sent), ct);
            var serverTimes = host.RequestTimes(from, to);
            return new ScenarioResult(name, what, clients, calls, failures, Math.Round(calls / seconds, 1),
                bytes, Stats.Of(times), serverTimes.Count == calls ? Stats.Of(serverTimes) : null);
        }
        finally
        {
            foreach (var client in http)
            {
                client.Dispose();
            }
        }
    }

    /// <summary><paramref name="count"/> calls shared by the clients, each client one call at a time.</summary>
    private async Task<(List<double> Times, int Failures, long Bytes)> CallsAsync(HttpClient[] http, Func<int, string> url, int count, CancellationToken ct)
    {
        var times = new ConcurrentBag<double>();
        var failures = 0;
        long bytes = 0;
        var next = -1;
        await Task.WhenAll(http.Select(client => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                Interlocked.Increment(ref sent);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url(i), HttpCompletionOption.ResponseContentRead, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    if (failures == 1)
                    {
                        Console.Error.WriteLine($"[{tag}] {(int)response.StatusCode} for {url(i)}: {System.Text.Encoding.UTF8.GetString(body)}");
                    }
                }
                Interlocked.Exchange(ref bytes, body.Length);
            }
        }, ct)));
        return (times.ToList(), failures, bytes);
    }
}
