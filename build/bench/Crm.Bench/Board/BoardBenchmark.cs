using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Crm.Bench.Board;

public sealed record BoardOptions(
    string Server, string AppDir, int Port, int Deals, int OtherDeals, int Users, int Warmup, int Calls, int Clients,
    int Seed, string OutputPath, bool KeepDatabase);

/// <summary>
/// The board of a pipeline holding <see cref="BoardOptions.Deals"/> deals, over HTTP against the real
/// published host (a child process on a loopback port), on a fresh database. See build/bench/README.md.
/// </summary>
public static class BoardBenchmark
{
    private const string TargetPipeline = "Новые дилеры";
    private const string RareWord = "гидромолот";
    private const string CommonWord = "поставка";
    private const string AdminEmail = "bench-admin@crm.local";
    private const string AdminPassword = "Bench-Admin-12345!";

    public static async Task<BoardReport> RunAsync(BoardOptions options, CancellationToken ct)
    {
        var database = $"crm_board_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(options.Server, ct);
        Console.Error.WriteLine($"[board] database {database}; host {options.AppDir}/Crm.Host.dll on 127.0.0.1:{options.Port}");
        await Machine.ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start(options.AppDir, options.Port, connectionString, AdminEmail, AdminPassword, "/api/deals/board");
            var baseAddress = new Uri($"http://127.0.0.1:{options.Port}/");
            await host.WaitReadyAsync(baseAddress, TimeSpan.FromMinutes(3), ct);

            await using var db = NpgsqlDataSource.Create(connectionString);
            await WaitForSeedAsync(db, ct);

            var token = await Api.SignInAndCreateTokenAsync(baseAddress, AdminEmail, AdminPassword, "board benchmark", ct);
            using var api = Api.Client(baseAddress, token);
            var users = await CreateUsersAsync(api, options.Users, ct);

            var load = await BulkLoad.RunAsync(db, users, options, ct);
            Console.Error.WriteLine($"[board] loaded {load.TargetDeals} + {load.OtherDeals} deals in {load.LoadSeconds:0.0} s, stage totals in {load.TotalsSeconds:0.0} s, analyze {load.AnalyzeSeconds:0.0} s");

            var runner = new Runner(baseAddress, token, host, options);
            var pipelineId = load.PipelineId;
            var mine = load.BusiestUser;
            var board = $"api/deals/board?pipelineId={pipelineId}";

            // Cursors for the "next page" scenario: walk the biggest column 20 pages deep.
            var (bigStage, cursors) = await runner.CursorsAsync(board, pages: 20, ct);
            var check = await runner.CheckBoardAsync(board, ct);
            Console.Error.WriteLine($"[board] board check: {check.Stages} stages, {check.Count} deals in the counts, {check.Cards} cards, {check.Bytes} bytes");

            var scenarios = new (string Name, string What, Func<int, string> Url)[]
            {
                ("plain", "GET /api/deals/board?pipelineId", _ => board),
                ("mine", $"+ responsibleId (the user with the most deals: {load.BusiestUserDeals} of {load.TargetDeals})", _ => $"{board}&responsibleId={mine}"),
                ("q-rare", $"+ q={RareWord} ({load.RareMatches} matches)", _ => $"{board}&q={Uri.EscapeDataString(RareWord)}"),
                ("q-common", $"+ q={CommonWord} ({load.CommonMatches} matches)", _ => $"{board}&q={Uri.EscapeDataString(CommonWord)}"),
                ("next-page", $"GET /api/deals/board/stages/{{id}}?after= (pages 2..{cursors.Count + 1} of the biggest column, in turn)",
                    i => $"api/deals/board/stages/{bigStage}?after={Uri.EscapeDataString(cursors[i % cursors.Count])}"),
            };

            var results = new List<ScenarioResult>();
            foreach (var clients in new[] { 1, options.Clients }.Distinct())
            {
                foreach (var (name, what, url) in scenarios)
                {
                    Console.Error.WriteLine($"[board] {name}, {clients} client(s): {options.Warmup} warm-up, {options.Calls} measured");
                    results.Add(await runner.RunAsync(name, what, url, clients, ct));
                }
            }

            return new BoardReport(
                new BoardMeta(
                    DateTimeOffset.UtcNow,
                    Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"),
                    Environment.MachineName,
                    Environment.ProcessorCount,
                    RuntimeInformation.OSDescription,
                    RuntimeInformation.FrameworkDescription,
                    server,
                    loadBefore,
                    Machine.LoadAverage()),
                new BoardParameters(options.Deals, options.OtherDeals, options.Users, options.Warmup, options.Calls, options.Clients, options.Seed,
                    "Release, published (dotnet publish -c Release), Production environment, default logging (Hosting.Diagnostics at Information)"),
                load,
                check,
                results.ToArray());
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
                Console.Error.WriteLine($"[board] kept database {database}");
            }
            else
            {
                await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    /// <summary>Deals learns of the seeded pipelines through the bus: wait until its copy has all three.</summary>
    private static async Task WaitForSeedAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var (pipelines, stages) = await conn.QuerySingleAsync<(long, long)>(
                "select (select count(*) from deals.pipelines), (select count(*) from deals.stages s join deals.pipelines p on p.id = s.pipeline_id where p.name = @TargetPipeline)",
                new { TargetPipeline });
            if (pipelines >= 3 && stages >= 7)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"deals.stages never got the seeded pipelines ({pipelines} pipelines, {stages} stages of {TargetPipeline})");
            }
            await Task.Delay(200, ct);
        }
    }

    private static async Task<Guid[]> CreateUsersAsync(HttpClient api, int count, CancellationToken ct)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await api.PostAsJsonAsync("api/identity/users", new
            {
                email = $"manager{i + 1:00}@bench.local",
                displayName = $"Менеджер {i + 1:00}",
                role = "Manager",
                password = "Bench-Manager-12345!",
            }, ct);
            await Api.EnsureAsync(response, "create user", ct);
            ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        }
        return ids;
    }

    /// <summary>Runs the scenarios: client-side time per call, and the host's own "Request finished … in X ms" for the same calls.</summary>
    private sealed class Runner(Uri baseAddress, string token, HostProcess host, BoardOptions options)
    {
        private long sent;

        public async Task<(Guid Stage, List<string> Cursors)> CursorsAsync(string board, int pages, CancellationToken ct)
        {
            using var http = Api.Client(baseAddress, token);
            var json = await GetJsonAsync(http, board, ct);
            var biggest = json.GetProperty("stages").EnumerateArray().MaxBy(s => s.GetProperty("count").GetInt64());
            var stage = biggest.GetProperty("stageId").GetGuid();
            var cursors = new List<string>();
            var cursor = biggest.GetProperty("nextCursor").GetString();
            while (cursor is not null && cursors.Count < pages)
            {
                cursors.Add(cursor);
                var page = await GetJsonAsync(http, $"api/deals/board/stages/{stage}?after={Uri.EscapeDataString(cursor)}", ct);
                cursor = page.GetProperty("nextCursor").GetString();
            }
            return (stage, cursors);
        }

        public async Task<BoardCheck> CheckBoardAsync(string board, CancellationToken ct)
        {
            using var http = Api.Client(baseAddress, token);
            Interlocked.Increment(ref sent);
            var bytes = await http.GetByteArrayAsync(board, ct);
            var json = JsonDocument.Parse(bytes).RootElement;
            var stages = json.GetProperty("stages").EnumerateArray().ToList();
            return new BoardCheck(stages.Count, stages.Sum(s => s.GetProperty("count").GetInt64()),
                stages.Sum(s => s.GetProperty("cards").GetArrayLength()), bytes.Length);
        }

        private async Task<JsonElement> GetJsonAsync(HttpClient http, string url, CancellationToken ct)
        {
            Interlocked.Increment(ref sent);
            using var response = await http.GetAsync(url, ct);
            await Api.EnsureAsync(response, url, ct);
            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }

        public async Task<ScenarioResult> RunAsync(string name, string what, Func<int, string> url, int clients, CancellationToken ct)
        {
            var http = Enumerable.Range(0, clients).Select(_ => Api.Client(baseAddress, token)).ToArray();
            try
            {
                await CallsAsync(http, url, options.Warmup, ct);
                var from = await host.WaitForRequestsAsync(Interlocked.Read(ref sent), ct);
                var started = Stopwatch.GetTimestamp();
                var (times, failures, bytes) = await CallsAsync(http, url, options.Calls, ct);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var to = await host.WaitForRequestsAsync(Interlocked.Read(ref sent), ct);
                var serverTimes = host.RequestTimes(from, to);
                return new ScenarioResult(name, what, clients, options.Calls, failures, Math.Round(options.Calls / seconds, 1),
                    bytes, Stats.Of(times), serverTimes.Count == options.Calls ? Stats.Of(serverTimes) : null);
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
                            Console.Error.WriteLine($"[board] {(int)response.StatusCode} for {url(i)}: {System.Text.Encoding.UTF8.GetString(body)}");
                        }
                    }
                    Interlocked.Exchange(ref bytes, body.Length);
                }
            }, ct)));
            return (times.ToList(), failures, bytes);
        }
    }
}

public sealed record BoardMeta(
    DateTimeOffset RanAt, string? GitCommit, string Machine, int Cores, string Os, string BenchRuntime, PgSettings Postgres,
    double? LoadAverageBefore, double? LoadAverageAfter);

public sealed record BoardParameters(int Deals, int OtherDeals, int Users, int WarmupCalls, int Calls, int ConcurrentClients, int Seed, string Host);

public sealed record BoardCheck(int Stages, long Count, int Cards, int Bytes);

public sealed record ScenarioResult(
    string Scenario, string What, int Clients, int Calls, int Failures, double CallsPerSecond, long ResponseBytes,
    Stats ClientMs, Stats? ServerMs);

public sealed record BoardReport(BoardMeta Meta, BoardParameters Parameters, LoadResult Load, BoardCheck BoardCheck, ScenarioResult[] Scenarios);
