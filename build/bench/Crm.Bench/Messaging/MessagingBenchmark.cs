using System.Diagnostics;
using System.Runtime.InteropServices;
using Crm.Bench.Board;
using Crm.Bench.Inbox;
using Dapper;
using Npgsql;

namespace Crm.Bench.Messaging;

public sealed record MessagingOptions(
    string Server, string AppDir, int Port, string[] Scenarios, int Users, int FeedEntries, int Cards, int DealEntries, int Messages, int Channels,
    int Warmup, int Calls, int Clients, int ChatMessages, int ChatRate, int Seed, string OutputPath, bool KeepDatabase);

public sealed record MessagingParameters(
    string[] Scenarios, int Users, int FeedEntries, int Cards, int DealEntries, int Messages, int Channels, int WarmupCalls, int Calls,
    int ConcurrentClients, int ChatMessages, int ChatRate, int Seed, string Host);

public sealed record MessagingLoad(
    long FeedEntries, int Cards, int DealEntries, long Messages, int Channels, double FeedSeconds, double ChatSeconds, double AnalyzeSeconds,
    string FeedTableSize, string MessagesTableSize, ChatLoadResult? Chat);

public sealed record MessagingReport(
    BoardMeta Meta, MessagingParameters Parameters, MessagingLoad Load, ScenarioResult[] Scenarios, DeliveryResult[] Deliveries,
    Target[] Targets, Check[] Checks, string[] HostErrors, string[] HostWarnings, double HostRssMb);

/// <summary>
/// Issue 13's benchmark over HTTP against the published host on a fresh database: a deal's feed with millions of
/// entries in the table, the chat's unread counts with a million messages, and a chat message reaching another
/// connected user. See the "messaging" section of build/bench/README.md.
/// </summary>
public static class MessagingBenchmark
{
    public static async Task<MessagingReport> RunAsync(MessagingOptions options, CancellationToken ct)
    {
        ThreadPool.SetMinThreads(64, 64);
        var database = $"crm_messaging_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database }.ConnectionString;
        var benchConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 3600 }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(options.Server, ct);
        Console.Error.WriteLine($"[messaging] database {database}; host {options.AppDir}/Crm.Host.dll on 127.0.0.1:{options.Port}; scenarios {string.Join(",", options.Scenarios)}");
        await Machine.ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start(options.AppDir, options.Port, connectionString, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword,
                "/api/messaging/");
            var baseAddress = new Uri($"http://127.0.0.1:{options.Port}/");
            await host.WaitReadyAsync(baseAddress, TimeSpan.FromMinutes(3), ct);

            await using var db = NpgsqlDataSource.Create(benchConnectionString);
            await BoardBenchmark.WaitForSeedAsync(db, ct);
            var token = await Api.SignInAndCreateTokenAsync(baseAddress, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword, "messaging benchmark", ct);
            using var api = Api.Client(baseAddress, token);
            var managers = await Managers.CreateAsync(baseAddress, api, options.Users, "messaging benchmark", ct);
            var userIds = managers.Select(m => m.Id).ToArray();
            await CopiesAsync(db, userIds, ct);
            Console.Error.WriteLine($"[messaging] {managers.Length} managers, each signed in with an API token; Messaging has their copies");

            var runner = new ScenarioRunner(baseAddress, host, options.Warmup, options.Calls, "messaging");
            var reader = managers[0];
            using var readerApi = Api.Client(baseAddress, reader.Token);
            var deal = Guid.CreateVersion7();
            FeedLoadResult? feed = null;
            ChatLoadResult? chat = null;
            if (options.Scenarios.Contains("feed"))
            {
                feed = await FeedLoad.RunAsync(db, deal, userIds, options, ct);
                Console.Error.WriteLine($"[messaging] loaded {feed.Entries:N0} feed entries in {feed.Seconds:0} s");
            }
            if (options.Scenarios.Contains("unread") || options.Scenarios.Contains("chat"))
            {
                runner.CountOutside(options.Channels - 1);
                chat = await ChatLoad.RunAsync(db, readerApi, reader.Id, userIds, options, ct);
                Console.Error.WriteLine($"[messaging] loaded {chat.Messages:N0} messages in {chat.Channels} channels in {chat.Seconds:0} s");
            }
            var watch = Stopwatch.StartNew();
            await using (var conn = await db.OpenConnectionAsync(ct))
            {
                await conn.ExecuteAsync(new CommandDefinition("vacuum analyze messaging.feed_entries", commandTimeout: 3600, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition("vacuum analyze messaging.messages", commandTimeout: 3600, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition("vacuum analyze messaging.channel_reads", commandTimeout: 3600, cancellationToken: ct));
            }
            var analyzeSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
            var load = await LoadAsync(db, feed, chat, analyzeSeconds, ct);

            var checks = new List<Check>();
            var results = new List<ScenarioResult>();
            var deliveries = new List<DeliveryResult>();
            if (feed is not null)
            {
                var first = $"api/messaging/feed/deal/{deal}";
                var (pageCheck, cursors) = await FeedPagesAsync(baseAddress, reader.Token, runner, first, pages: 20, ct);
                checks.Add(pageCheck);
                var typical = await TypicalDealAsync(db, ct);
                var scenarios = new (string Name, string What, Func<int, string> Url)[]
                {
                    ("feed", $"GET /api/messaging/feed/deal/{{id}} (first page, 50, with the pinned and the names; the deal has {options.DealEntries:N0} entries)", _ => first),
                    ("feed-next", $"… ?after= (pages 2..{cursors.Count + 1}, in turn)", i => $"{first}?after={Uri.EscapeDataString(cursors[i % cursors.Count])}"),
                    ("feed-notes", "… ?filter=notes (the notes only: a fifth of the entries)", _ => $"{first}?filter=notes"),
                    ("feed-typical", $"GET /api/messaging/feed/deal/{{id}} of a typical card ({typical.Entries} entries)", _ => $"api/messaging/feed/deal/{typical.Id}"),
                };
                foreach (var clients in new[] { 1, options.Clients }.Distinct())
                {
                    foreach (var (name, what, url) in scenarios)
                    {
                        Console.Error.WriteLine($"[messaging] {name}, {clients} client(s): {options.Warmup} warm-up, {options.Calls} measured");
                        results.Add(await runner.RunAsync(name, what, reader.Token, url, clients, ct));
                    }
                }
            }
            if (chat is not null && options.Scenarios.Contains("unread"))
            {
                var list = await runner.GetJsonAsync(readerApi, "api/messaging/channels", ct);
                var items = list.GetProperty("items").EnumerateArray().ToList();
                var capped = items.Count(c => c.GetProperty("unread").GetInt32() == 100);
                checks.Add(new Check($"unread: the reader's list holds the {chat.Channels} channels, the {chat.NeverRead} never opened at the cap (100)",
                    $"{items.Count} channels, {capped} at 100, total {list.GetProperty("unread").GetInt32()}",
                    items.Count == chat.Channels && capped >= chat.NeverRead && list.GetProperty("unread").GetInt32() == 100));
                foreach (var clients in new[] { 1, options.Clients }.Distinct())
                {
                    Console.Error.WriteLine($"[messaging] unread, {clients} client(s)");
                    results.Add(await runner.RunAsync("unread", $"GET /api/messaging/channels (the reader's {chat.Channels} channels with their unread counts)",
                        reader.Token, _ => "api/messaging/channels", clients, ct));
                }
            }
            if (chat is not null && options.Scenarios.Contains("chat"))
            {
                var listener = managers[1];
                runner.CountOutside(1);
                var direct = await Api.PostForIdAsync(readerApi, $"api/messaging/direct/{listener.Id}", new { }, ct);
                var delivery = new ChatDelivery(baseAddress, reader, listener, options);
                foreach (var (name, channel, audience) in new[] { ("«Отдел продаж» (public)", ChatLoad.SalesDepartment, managers.Length + 1), ("direct", direct, 2) })
                {
                    Console.Error.WriteLine($"[messaging] chat delivery, {name}: {options.ChatMessages} messages at {options.ChatRate}/s");
                    runner.CountOutside(options.ChatMessages + 20);
                    var result = await delivery.RunAsync(name, channel, audience, ct);
                    deliveries.Add(result);
                    checks.Add(new Check($"chat, {name}: every message answered 201 and was heard by the other manager",
                        $"{result.Heard} of {result.Sent} heard, {result.Failed} failed", result.Missing == 0 && result.Failed == 0));
                }
            }
            checks.Add(new Check("every measured call answered 200", $"{results.Sum(r => r.Failures)} failures", results.Sum(r => r.Failures) == 0));

            return new MessagingReport(
                new BoardMeta(DateTimeOffset.UtcNow, Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"), Environment.MachineName, Environment.ProcessorCount,
                    RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, server, loadBefore, Machine.LoadAverage()),
                new MessagingParameters(options.Scenarios, options.Users, options.FeedEntries, options.Cards, options.DealEntries, options.Messages,
                    options.Channels, options.Warmup, options.Calls, options.Clients, options.ChatMessages, options.ChatRate, options.Seed,
                    "Release, published (dotnet publish -c Release), Production environment, default logging (request lines at Information)"),
                load,
                results.ToArray(),
                deliveries.ToArray(),
                Targets(results, deliveries),
                checks.ToArray(),
                host.Errors().ToArray(),
                host.Warnings().ToArray(),
                host.RssMb());
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync();
            }
            NpgsqlConnection.ClearAllPools();
            if (options.KeepDatabase)
            {
                Console.Error.WriteLine($"[messaging] kept database {database}");
            }
            else
            {
                await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    /// <summary>The issue's targets: a deal's feed page p95 under 30 ms; a message heard p99 under 100 ms; the unread count under 20 ms.</summary>
    private static Target[] Targets(List<ScenarioResult> results, List<DeliveryResult> deliveries)
    {
        var targets = new List<Target>();
        foreach (var r in results.Where(r => r.Scenario.StartsWith("feed", StringComparison.Ordinal)))
        {
            targets.Add(new Target($"{r.Scenario}, {r.Clients} client(s): p95 < 30 ms", $"client p95 {r.ClientMs.P95:0.0} ms", r.ClientMs.P95 < 30));
        }
        foreach (var r in results.Where(r => r.Scenario == "unread"))
        {
            targets.Add(new Target($"unread, {r.Clients} client(s): < 20 ms (p95)", $"client p95 {r.ClientMs.P95:0.0} ms", r.ClientMs.P95 < 20));
        }
        foreach (var d in deliveries)
        {
            targets.Add(new Target($"chat {d.Channel}: heard p99 < 100 ms", d.HeardMs is { } h ? $"p99 {h.P99:0.0} ms over {h.Count}" : "none heard",
                d.HeardMs?.P99 < 100));
        }
        return targets.ToArray();
    }

    /// <summary>Messaging learns of users through the bus: wait until its copy has every manager.</summary>
    private static async Task CopiesAsync(NpgsqlDataSource db, Guid[] users, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await conn.ExecuteScalarAsync<long>("select count(*) from messaging.users where id = any(@users) and active", new { users }) < users.Length)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("messaging.users never got every manager");
            }
            await Task.Delay(100, ct);
        }
        await InboxBenchmark.WaitForBusAsync(db, ct);
    }

    /// <summary>A card with the median number of entries among the deals that have any: what opening an ordinary deal costs.</summary>
    private static async Task<(Guid Id, long Entries)> TypicalDealAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<(Guid, long)>(new CommandDefinition(
            """
            with per as (select subject_id, count(*) as n from messaging.feed_entries where subject_kind = 'deal' group by subject_id)
            select subject_id, n from per
            where n = (select percentile_disc(0.5) within group (order by n) from per)
            limit 1
            """,
            commandTimeout: 3600,
            cancellationToken: ct));
    }

    /// <summary>The measured deal's first page (checked: 50 entries, 3 pinned, every id named) and the cursors of the next <paramref name="pages"/> pages.</summary>
    private static async Task<(Check Check, List<string> Cursors)> FeedPagesAsync(
        Uri baseAddress, string token, ScenarioRunner runner, string first, int pages, CancellationToken ct)
    {
        using var http = Api.Client(baseAddress, token);
        var json = await runner.GetJsonAsync(http, first, ct);
        var items = json.GetProperty("items").GetArrayLength();
        var pinned = json.GetProperty("pinned").GetArrayLength();
        var names = json.GetProperty("names").EnumerateObject().Count();
        var cursors = new List<string>();
        var cursor = json.GetProperty("nextCursor").GetString();
        while (cursor is not null && cursors.Count < pages)
        {
            cursors.Add(cursor);
            var page = await runner.GetJsonAsync(http, $"{first}?after={Uri.EscapeDataString(cursor)}", ct);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        return (new Check("feed: the deal's first page holds 50 entries, its 3 pinned ones and the names of whom and what they refer to",
            $"{items} entries, {pinned} pinned, {names} names; {cursors.Count} further pages walked", items == 50 && pinned == 3 && names > 0 && cursors.Count == pages),
            cursors);
    }

    private static async Task<MessagingLoad> LoadAsync(NpgsqlDataSource db, FeedLoadResult? feed, ChatLoadResult? chat, double analyzeSeconds, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var (feedSize, messagesSize) = await conn.QuerySingleAsync<(string, string)>(new CommandDefinition(
            "select pg_size_pretty(pg_total_relation_size('messaging.feed_entries')), pg_size_pretty(pg_total_relation_size('messaging.messages'))",
            cancellationToken: ct));
        return new MessagingLoad(feed?.Entries ?? 0, feed?.Cards ?? 0, feed?.DealEntries ?? 0, chat?.Messages ?? 0, chat?.Channels ?? 0,
            feed?.Seconds ?? 0, chat?.Seconds ?? 0, analyzeSeconds, feedSize, messagesSize, chat);
    }
}
