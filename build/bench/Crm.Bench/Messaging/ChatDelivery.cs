using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Crm.Bench.Messaging;

/// <summary>One channel's delivery: how soon what one manager sends is heard by another, connected over SignalR.</summary>
public sealed record DeliveryResult(string Channel, int Audience, int Sent, int Rate, int Heard, int Missing, int Failed, Stats? HeardMs, Stats PostMs);

/// <summary>
/// A message reaching another connected user: the listener (the second manager) is connected to the hub as a
/// browser tab is (WebSockets, their API token), joined to their own topic by the server. The writer (the first
/// manager) posts <see cref="MessagingOptions.ChatMessages"/> messages at <see cref="MessagingOptions.ChatRate"/> a
/// second, open loop (a slow answer does not push the next message back), each carrying its number. A message's
/// time is from the moment its POST was sent until the listener's <c>chatMessage</c> with that number arrived,
/// both read from one clock in this process. The first 20 are a warm-up and not counted.
/// </summary>
internal sealed class ChatDelivery(Uri baseAddress, Manager writer, Manager listener, MessagingOptions options)
{
    private const int Warmup = 20;

    public async Task<DeliveryResult> RunAsync(string name, Guid channel, int audience, CancellationToken ct)
    {
        var tag = $"bench-{Guid.NewGuid():N}"[..14];
        var heard = new ConcurrentDictionary<int, long>();
        var allHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var total = Warmup + options.ChatMessages;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hubs/crm"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.Headers["Authorization"] = $"Bearer {listener.Token}";
            })
            .Build();
        hub.On<JsonElement>("chatMessage", payload =>
        {
            var at = Stopwatch.GetTimestamp();
            if (payload.GetProperty("channelId").GetGuid() != channel)
            {
                return;
            }
            var text = payload.GetProperty("message").GetProperty("text").GetString() ?? "";
            if (text.StartsWith(tag, StringComparison.Ordinal) && int.TryParse(text.AsSpan(tag.Length + 1, text.IndexOf(':') - tag.Length - 1), out var n)
                && heard.TryAdd(n, at) && heard.Count == total)
            {
                allHeard.TrySetResult();
            }
        });
        await hub.StartAsync(ct);

        using var http = Api.Client(baseAddress, writer.Token);
        var sent = new long[total];
        var posts = new double[total];
        var failed = 0;
        var started = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / (double)options.ChatRate;
        var inFlight = new List<Task>();
        for (var i = 0; i < total; i++)
        {
            var due = started + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            var n = i;
            inFlight.Add(Task.Run(async () =>
            {
                sent[n] = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync($"api/messaging/channels/{channel}/messages",
                    new { text = $"{tag} {n}: Коллеги, кто может взять клиента из Перми? Сделка на 1,2 млн" }, ct);
                posts[n] = Stopwatch.GetElapsedTime(sent[n]).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failed);
                    Console.Error.WriteLine($"[messaging] POST message: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                }
            }, ct));
        }
        await Task.WhenAll(inFlight);
        // Every message answered 201 is on its way: wait for the last of them, or give up 10 s after the last answer.
        await Task.WhenAny(allHeard.Task, Task.Delay(TimeSpan.FromSeconds(10), ct));
        var counted = Enumerable.Range(Warmup, options.ChatMessages).ToList();
        var times = counted.Where(heard.ContainsKey).Select(n => Stopwatch.GetElapsedTime(sent[n], heard[n]).TotalMilliseconds).ToList();
        return new DeliveryResult(name, audience, options.ChatMessages, options.ChatRate, times.Count, options.ChatMessages - times.Count, failed,
            times.Count > 0 ? Stats.Of(times) : null, Stats.Of(counted.Select(n => posts[n])));
    }
}
