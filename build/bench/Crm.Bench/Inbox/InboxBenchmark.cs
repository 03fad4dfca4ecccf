using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Crm.Bench.Board;
using Dapper;
using Npgsql;

namespace Crm.Bench.Inbox;

public sealed record InboxOptions(
    string Server, string AppDir, int Port, string[] Scenarios, int New, int OtherNew, int Decided, int Deals, int OtherDeals, int Warmup, int Calls,
    int Clients, int Accepters, int Rounds, int? MaxPoolSize, int Mails, string ImapHost, int ImapPort, TimeSpan MailTimeout, int Seed, string OutputPath,
    bool KeepDatabase);

public sealed record InboxParameters(
    string[] Scenarios, int New, int OtherNew, int Decided, int Deals, int OtherDeals, int WarmupCalls, int Calls, int ConcurrentClients, int Accepters,
    int Rounds, int? MaxPoolSize, int Mails, int Seed, string Host);

public sealed record InboxLoad(
    int NewTarget, int NewOther, int Accepted, int Declined, int Pipelines, int Deals, Dictionary<string, long> NewPerPipeline,
    double RequestsSeconds, double DealsSeconds, double AnalyzeSeconds, string RequestsTableSize, string AllVisible);

/// <summary>What the board's column answers: its first page, the total in its header, the size; how deep the cursors were walked.</summary>
public sealed record ColumnCheck(int Items, long Total, int Bytes, int Pages);

public sealed record InboxReport(
    BoardMeta Meta, InboxParameters Parameters, InboxLoad Load, ColumnCheck? Column, ScenarioResult[] Scenarios, AcceptReport? Accepts, MailReport? Mail,
    Target[] Targets, Check[] Checks, string[] HostErrors, string[] HostWarnings, double HostRssMb);

/// <summary>
/// Issue 12's benchmark over HTTP against the published host on a fresh database: the board with a full
/// «Неразобранное», many managers accepting at once, and a burst of mail in the shared mailbox. See the
/// "inbox" section of build/bench/README.md.
/// </summary>
public static class InboxBenchmark
{
    private const string TargetPipeline = "Новые дилеры";
    private static readonly string[] OtherPipelines = ["Заявки с сайта", "Почта отдела продаж"];

    public static async Task<InboxReport> RunAsync(InboxOptions options, CancellationToken ct)
    {
        ThreadPool.SetMinThreads(Math.Max(options.Accepters + 16, 64), Math.Max(options.Accepters + 16, 64));
        var database = $"crm_inbox_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        // The host's pool: the app's own (Database:MaxPoolSize: four a core, 10 to 30; 30 until session 17) unless --pool sets it.
        var hostConnectionString = options.MaxPoolSize is { } pool
            ? new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = pool }.ConnectionString
            : connectionString;
        // The benchmark's own connections are not pooled: an idle one kept open would take a server slot from the
        // host during a burst (as it did when the host's pool was max_connections, 100), and the host's answers would say so.
        var benchConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(options.Server, ct);
        Console.Error.WriteLine($"[inbox] database {database}; host {options.AppDir}/Crm.Host.dll on 127.0.0.1:{options.Port}; scenarios {string.Join(",", options.Scenarios)}");
        await Machine.ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start(options.AppDir, options.Port, hostConnectionString, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword,
                "/api/inbox/requests", "/api/deals/board");
            var baseAddress = new Uri($"http://127.0.0.1:{options.Port}/");
            await host.WaitReadyAsync(baseAddress, TimeSpan.FromMinutes(3), ct);

            await using var db = NpgsqlDataSource.Create(benchConnectionString);
            await BoardBenchmark.WaitForSeedAsync(db, ct);
            var token = await Api.SignInAndCreateTokenAsync(baseAddress, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword, "inbox benchmark", ct);
            using var api = Api.Client(baseAddress, token);

            // Two more sales pipelines (each with «Неразобранное»): the decided requests are spread over three, the mail goes to one.
            var others = new Guid[OtherPipelines.Length];
            for (var i = 0; i < others.Length; i++)
            {
                others[i] = await Api.PostForIdAsync(api, "api/pipelines", new { name = OtherPipelines[i], kind = "sales" }, ct);
            }
            var managers = await Managers.CreateAsync(baseAddress, api, options.Accepters, "inbox benchmark", ct);
            await WaitForBusAsync(db, ct);
            var (target, firstOpen) = await PipelineAsync(db, others, ct);
            Console.Error.WriteLine($"[inbox] {managers.Length} managers, each signed in with an API token; pipelines ready");

            var watch = Stopwatch.StartNew();
            var boardOptions = new BoardOptions(options.Server, options.AppDir, options.Port, options.Deals, options.OtherDeals, managers.Length,
                options.Warmup, options.Calls, options.Clients, options.Seed, options.OutputPath, options.KeepDatabase);
            var deals = await BulkLoad.RunAsync(db, managers.Select(m => m.Id).ToArray(), boardOptions, ct, responsibleSkew: 1.2, intoUnsorted: false);
            var dealsSeconds = watch.Elapsed.TotalSeconds;
            var requests = await RequestLoad.RunAsync(db, target, others, managers.Select(m => m.Id).ToArray(), options, ct);
            watch.Restart();
            string allVisible;
            await using (var conn = await db.OpenConnectionAsync(ct))
            {
                // The column's total is an index-only count: it reads the heap for every page not marked all-visible.
                // A transaction of the host's open while VACUUM runs keeps it from marking the loaded pages, so it is
                // run again (at most 5 times) until they all are; the state it left is reported.
                var (pages, visible) = (0, 0);
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    await conn.ExecuteAsync("vacuum analyze inbox.requests");
                    (pages, visible) = await conn.QuerySingleAsync<(int, int)>(
                        "select relpages, relallvisible from pg_class where oid = 'inbox.requests'::regclass");
                    if (visible >= pages)
                    {
                        break;
                    }
                    await Task.Delay(500, ct);
                }
                allVisible = $"{visible} of {pages} pages all-visible";
            }
            var load = new InboxLoad(requests.NewTarget, requests.NewOther, requests.Accepted, requests.Declined, requests.Pipelines,
                deals.TargetDeals + deals.OtherDeals, requests.NewPerPipeline, requests.RequestsSeconds, Math.Round(dealsSeconds, 2),
                Math.Round(watch.Elapsed.TotalSeconds + deals.AnalyzeSeconds, 2), requests.RequestsTableSize, allVisible);
            Console.Error.WriteLine($"[inbox] loaded {load.NewTarget + load.NewOther + load.Accepted + load.Declined} requests in {load.RequestsSeconds:0.0} s, {load.Deals} deals in {load.DealsSeconds:0.0} s");

            var runner = new ScenarioRunner(baseAddress, host, options.Warmup, options.Calls, "inbox");
            var checks = new List<Check>();
            var results = new List<ScenarioResult>();
            ColumnCheck? column = null;
            AcceptReport? accepts = null;
            MailReport? mail = null;

            if (options.Scenarios.Contains("board"))
            {
                var firstPage = $"api/inbox/requests?pipelineId={target}&status=new";
                var (check, cursors) = await ColumnAsync(baseAddress, token, runner, firstPage, pages: 20, ct);
                column = check;
                checks.Add(new Check($"board: the column's first page holds 50 requests and its total counts the {options.New} new ones",
                    $"{check.Items} requests, total {check.Total}", check.Items == 50 && check.Total == options.New));
                var scenarios = new (string Name, string What, Func<int, string> Url)[]
                {
                    ("column", "GET /api/inbox/requests?pipelineId&status=new (the column's first page, 50, with its total)", _ => firstPage),
                    ("column-next", $"… &after= (pages 2..{cursors.Count + 1} of the column, in turn)", i => $"{firstPage}&after={Uri.EscapeDataString(cursors[i % cursors.Count])}"),
                    ("board", $"GET /api/deals/board?pipelineId (the same pipeline's deals: {deals.TargetDeals})", _ => $"api/deals/board?pipelineId={target}"),
                    ("declined", $"GET /api/inbox/requests?status=declined (the Inbox screen: every pipeline, {requests.Declined} declined)", _ => "api/inbox/requests?status=declined"),
                };
                foreach (var clients in new[] { 1, options.Clients }.Distinct())
                {
                    foreach (var (name, what, url) in scenarios)
                    {
                        Console.Error.WriteLine($"[inbox] {name}, {clients} client(s): {options.Warmup} warm-up, {options.Calls} measured");
                        results.Add(await runner.RunAsync(name, what, token, url, clients, ct));
                    }
                }
                checks.Add(new Check("board: every measured call answered 200", $"{results.Sum(r => r.Failures)} failures", results.Sum(r => r.Failures) == 0));
            }
            if (options.Scenarios.Contains("accept"))
            {
                accepts = await Guarded("accept", checks,
                    () => new AcceptScenario(baseAddress, host, runner, db, token, target, firstOpen, managers, options, checks).RunAsync(ct));
            }
            if (options.Scenarios.Contains("mail"))
            {
                mail = await Guarded("mail", checks, () => new MailBurst(baseAddress, db, token, others[1], options, checks).RunAsync(ct));
            }

            return new InboxReport(
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
                new InboxParameters(options.Scenarios, options.New, options.OtherNew, options.Decided, options.Deals, options.OtherDeals, options.Warmup,
                    options.Calls, options.Clients, options.Accepters, options.Rounds, options.MaxPoolSize, options.Mails, options.Seed,
                    "Release, published (dotnet publish -c Release), Production environment, default logging (request lines at Information)"),
                load,
                column,
                results.ToArray(),
                accepts,
                mail,
                Targets(results, accepts, mail),
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
                Console.Error.WriteLine($"[inbox] kept database {database}");
            }
            else
            {
                await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    /// <summary>A scenario that throws is a failed check (the report of the others is still written).</summary>
    private static async Task<T?> Guarded<T>(string scenario, List<Check> checks, Func<Task<T>> run)
        where T : class
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"[inbox] {scenario} failed: {e}");
            checks.Add(new Check($"{scenario}: ran to the end", $"{e.GetType().Name}: {e.Message}", false));
            return null;
        }
    }

    /// <summary>The issue's targets: the board with the column p95 under 50 ms, 100 concurrent accepts p99 under 100 ms, 1,000 mails in under 60 s.</summary>
    private static Target[] Targets(List<ScenarioResult> results, AcceptReport? accepts, MailReport? mail)
    {
        var targets = new List<Target>();
        foreach (var r in results.Where(r => r.Scenario is "column" or "column-next" or "board"))
        {
            targets.Add(new Target($"{r.Scenario}, {r.Clients} client(s): p95 < 50 ms", $"client p95 {r.ClientMs.P95:0.0} ms", r.ClientMs.P95 < 50));
        }
        if (accepts is not null)
        {
            foreach (var (burst, stats) in accepts.Pooled)
            {
                targets.Add(new Target($"{accepts.Accepters} accepts at once ({burst}): p99 < 100 ms", $"client p99 {stats.P99:0.0} ms over {stats.Count} calls", stats.P99 < 100));
            }
        }
        if (mail is not null)
        {
            targets.Add(new Target($"{mail.Mails} mails taken in < 60 s", mail.AllTakenSeconds is { } s ? $"{s:0.0} s from the mailbox's creation" : "not all taken",
                mail.AllTakenSeconds < 60));
        }
        return targets.ToArray();
    }

    /// <summary>«Новые дилеры» and its first open stage, once Inbox's and Deals' copies know every pipeline and its unsorted stage.</summary>
    private static async Task<(Guid Target, Guid FirstOpen)> PipelineAsync(NpgsqlDataSource db, Guid[] others, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var target = await conn.QuerySingleOrDefaultAsync<Guid?>(
                "select id from inbox.pipelines where name = @TargetPipeline and unsorted_stage_id is not null", new { TargetPipeline });
            var known = await conn.ExecuteScalarAsync<long>(
                "select count(*) from inbox.pipelines where id = any(@others) and unsorted_stage_id is not null", new { others });
            if (target is { } t && known == others.Length)
            {
                var firstOpen = await conn.QuerySingleAsync<Guid>(
                    "select id from deals.stages where pipeline_id = @t and kind = 'open' order by position limit 1", new { t });
                return (t, firstOpen);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Inbox's copy of the pipelines never got «Новые дилеры» and the two new ones with their unsorted stages");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Waits until the bus has delivered every event (no pending delivery left), so a scenario starts on a quiet host.</summary>
    internal static async Task WaitForBusAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await conn.ExecuteScalarAsync<long>("select count(*) from bus.deliveries where not dead") > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the bus still has pending deliveries after 2 minutes");
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>The column's first page (checked) and the cursors of the next <paramref name="pages"/> pages, as the board scrolls it.</summary>
    private static async Task<(ColumnCheck Check, List<string> Cursors)> ColumnAsync(
        Uri baseAddress, string token, ScenarioRunner runner, string firstPage, int pages, CancellationToken ct)
    {
        using var http = Api.Client(baseAddress, token);
        var bytes = await runner.GetBytesAsync(http, firstPage, ct);
        var json = JsonDocument.Parse(bytes).RootElement;
        var cursors = new List<string>();
        var cursor = json.GetProperty("nextCursor").GetString();
        while (cursor is not null && cursors.Count < pages)
        {
            cursors.Add(cursor);
            var page = await runner.GetJsonAsync(http, $"{firstPage}&after={Uri.EscapeDataString(cursor)}", ct);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        return (new ColumnCheck(json.GetProperty("items").GetArrayLength(), json.GetProperty("total").GetInt64(), bytes.Length, cursors.Count), cursors);
    }
}
