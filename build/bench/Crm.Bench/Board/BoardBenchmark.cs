using System.Globalization;
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
    internal const string AdminEmail = "bench-admin@crm.local";
    internal const string AdminPassword = "Bench-Admin-12345!";
    internal const string ManagerPassword = "Bench-Manager-12345!";

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

            var runner = new ScenarioRunner(baseAddress, host, options.Warmup, options.Calls, "board");
            var calls = new BoardCalls(baseAddress, token, runner);
            var pipelineId = load.PipelineId;
            var mine = load.BusiestUser;
            var board = $"api/deals/board?pipelineId={pipelineId}";

            // Cursors for the "next page" scenario: walk the biggest column 20 pages deep.
            var (bigStage, cursors) = await calls.CursorsAsync(board, pages: 20, ct);
            var check = await calls.CheckBoardAsync(board, ct);
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
                    results.Add(await runner.RunAsync(name, what, token, url, clients, ct));
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
                    "Release, published (dotnet publish -c Release), Production environment, default logging (request lines at Information)"),
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
    internal static async Task WaitForSeedAsync(NpgsqlDataSource db, CancellationToken ct)
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

    internal static async Task<Guid[]> CreateUsersAsync(HttpClient api, int count, CancellationToken ct)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await api.PostAsJsonAsync("api/identity/users", new
            {
                email = $"manager{i + 1:00}@bench.local",
                displayName = $"Менеджер {i + 1:00}",
                role = "Manager",
                password = ManagerPassword,
            }, ct);
            await Api.EnsureAsync(response, "create user", ct);
            ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        }
        return ids;
    }

    /// <summary>The board's setup calls: the cursors of the biggest column and a check of the board's answer.</summary>
    private sealed class BoardCalls(Uri baseAddress, string token, ScenarioRunner runner)
    {
        public async Task<(Guid Stage, List<string> Cursors)> CursorsAsync(string board, int pages, CancellationToken ct)
        {
            using var http = Api.Client(baseAddress, token);
            var json = await runner.GetJsonAsync(http, board, ct);
            var biggest = json.GetProperty("stages").EnumerateArray().MaxBy(s => s.GetProperty("count").GetInt64());
            var stage = biggest.GetProperty("stageId").GetGuid();
            var cursors = new List<string>();
            var cursor = biggest.GetProperty("nextCursor").GetString();
            while (cursor is not null && cursors.Count < pages)
            {
                cursors.Add(cursor);
                var page = await runner.GetJsonAsync(http, $"api/deals/board/stages/{stage}?after={Uri.EscapeDataString(cursor)}", ct);
                cursor = page.GetProperty("nextCursor").GetString();
            }
            return (stage, cursors);
        }

        public async Task<BoardCheck> CheckBoardAsync(string board, CancellationToken ct)
        {
            using var http = Api.Client(baseAddress, token);
            var bytes = await runner.GetBytesAsync(http, board, ct);
            return BoardCheck.Of(bytes);
        }
    }
}

public sealed record BoardMeta(
    DateTimeOffset RanAt, string? GitCommit, string Machine, int Cores, string Os, string BenchRuntime, PgSettings Postgres,
    double? LoadAverageBefore, double? LoadAverageAfter);

public sealed record BoardParameters(int Deals, int OtherDeals, int Users, int WarmupCalls, int Calls, int ConcurrentClients, int Seed, string Host);

public sealed record BoardCheck(int Stages, long Count, int Cards, int Bytes)
{
    /// <summary>What a board answer holds: its stages, the sum of their counts, the cards, the size.</summary>
    public static BoardCheck Of(byte[] bytes)
    {
        var stages = JsonDocument.Parse(bytes).RootElement.GetProperty("stages").EnumerateArray().ToList();
        return new BoardCheck(stages.Count, stages.Sum(s => s.GetProperty("count").GetInt64()),
            stages.Sum(s => s.GetProperty("cards").GetArrayLength()), bytes.Length);
    }
}

public sealed record BoardReport(BoardMeta Meta, BoardParameters Parameters, LoadResult Load, BoardCheck BoardCheck, ScenarioResult[] Scenarios);
