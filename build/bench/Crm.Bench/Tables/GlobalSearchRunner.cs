using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Crm.Bench.Tables;

/// <summary>
/// One global search as the top bar makes it: the four requests at once (<c>GlobalSearchApi.find</c>'s forkJoin);
/// <see cref="SlowestMs"/> is from the first send to the last of the four answers read, what the user waits for;
/// <see cref="EndpointMs"/> each request's own client time; <see cref="ServerMs"/> the host's request lines of all four,
/// pooled. <see cref="Hits"/>: how many items each endpoint answered (the same every call).
/// </summary>
public sealed record GlobalSearchResult(
    string Scenario, string Q, string What, int Clients, int Calls, int Failures, double SearchesPerSecond,
    Stats SlowestMs, Dictionary<string, Stats> EndpointMs, Stats? ServerMs, Dictionary<string, int> Hits, Dictionary<string, int> SlowestWas);

internal sealed class GlobalSearchRunner(Uri baseAddress, HostProcess host, ScenarioRunner runner, int warmup, int calls)
{
    /// <summary>The four requests of the top bar (frontend/src/app/search/data-access/global-search-api.ts), by name.</summary>
    public static (string Name, string Url)[] Requests(string q, int limit)
    {
        var query = $"q={Uri.EscapeDataString(q)}&limit={limit}";
        return
        [
            ("deals", $"api/deals/search?{query}"),
            ("companies", $"api/directory/suggest?{query}&kind=company"),
            ("contacts", $"api/directory/suggest?{query}&kind=contact"),
            ("tasks", $"api/tasks/search?{query}"),
        ];
    }

    public async Task<GlobalSearchResult> RunAsync(string name, string q, string what, string token, int limit, int clients, CancellationToken ct)
    {
        var requests = Requests(q, limit);
        var http = Enumerable.Range(0, clients).Select(_ => Api.Client(baseAddress, token)).ToArray();
        try
        {
            await SearchesAsync(http, requests, warmup, ct);
            var from = await host.WaitForRequestsAsync(runner.Sent, ct);
            var started = Stopwatch.GetTimestamp();
            var (slowest, each, failures, hits, slowestWas) = await SearchesAsync(http, requests, calls, ct);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var to = await host.WaitForRequestsAsync(runner.Sent, ct);
            var server = host.RequestTimes(from, to);
            return new GlobalSearchResult(name, q, what, clients, calls, failures, Math.Round(calls / seconds, 1), Stats.Of(slowest),
                requests.ToDictionary(r => r.Name, r => Stats.Of(each[r.Name])), server.Count == calls * requests.Length ? Stats.Of(server) : null,
                hits, slowestWas);
        }
        finally
        {
            foreach (var client in http)
            {
                client.Dispose();
            }
        }
    }

    private async Task<(List<double> Slowest, Dictionary<string, List<double>> Each, int Failures, Dictionary<string, int> Hits, Dictionary<string, int> SlowestWas)>
        SearchesAsync(HttpClient[] http, (string Name, string Url)[] requests, int count, CancellationToken ct)
    {
        var slowest = new ConcurrentBag<double>();
        var each = requests.ToDictionary(r => r.Name, _ => new ConcurrentBag<double>());
        var hits = new ConcurrentDictionary<string, int>();
        var slowestWas = new ConcurrentDictionary<string, int>();
        var failures = 0;
        var next = -1;
        await Task.WhenAll(http.Select(client => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                runner.CountOutside(requests.Length);
                var started = Stopwatch.GetTimestamp();
                var answers = await Task.WhenAll(requests.Select(async r =>
                {
                    using var response = await client.GetAsync(r.Url, HttpCompletionOption.ResponseContentRead, ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        if (Interlocked.Increment(ref failures) == 1)
                        {
                            Console.Error.WriteLine($"[tables] {(int)response.StatusCode} for {r.Url}: {System.Text.Encoding.UTF8.GetString(body)}");
                        }
                        return (r.Name, Ms: ms, Items: -1);
                    }
                    var root = JsonDocument.Parse(body).RootElement;
                    var items = root.ValueKind == JsonValueKind.Array ? root.GetArrayLength() : root.GetProperty("items").GetArrayLength();
                    return (r.Name, Ms: ms, Items: items);
                }));
                slowest.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                foreach (var a in answers)
                {
                    each[a.Name].Add(a.Ms);
                    hits[a.Name] = a.Items;
                }
                slowestWas.AddOrUpdate(answers.MaxBy(a => a.Ms).Name, 1, (_, n) => n + 1);
            }
        }, ct)));
        return (slowest.ToList(), each.ToDictionary(e => e.Key, e => e.Value.ToList()), failures, new Dictionary<string, int>(hits),
            new Dictionary<string, int>(slowestWas));
    }
}
