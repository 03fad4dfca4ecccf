using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Crm.Bench.Board;
using Crm.Bench.Tasks;
using Dapper;
using Npgsql;

namespace Crm.Bench.Tables;

public sealed record TablesOptions(
    string Server, string AppDir, int Port, int Deals, int Companies, int Contacts, int Tasks, double OpenShare, int Managers,
    int Warmup, int Calls, int Clients, int SearchLimit, int Seed, string OutputPath, bool KeepDatabase, string? Database = null);

/// <summary>
/// The deals table over all pipelines of 1,000,000 deals (the «без задач» view and its next pages, custom field filters)
/// and the top bar's global search (four endpoints at once) over those deals, 100,000 companies, 300,000 contacts and
/// 500,000 tasks, over HTTP against the real published host on a fresh database. See the "tables" section of
/// build/bench/README.md.
/// </summary>
public static class TablesBenchmark
{
    private const string HostDescription =
        "Release, published (dotnet publish -c Release), Production environment, default logging (request lines at Information)";

    /// <summary>The global search's queries: a common substring, a rare one, a phone fragment (as a user types them).</summary>
    public static readonly (string Name, string Q, string What)[] Searches =
    [
        ("search-common", "иван", "a common Cyrillic substring: Иванов/Иван/Ивановна in contacts, their deals' main contact, their tasks' link names"),
        ("search-rare", "Шпаковск", "a rare surname (about 1 contact in 20,000), their deals and tasks"),
        ("search-phone", "916-12-3", "a phone fragment with dashes (digits 916123)"),
    ];

    public static async Task<TablesReport> RunAsync(TablesOptions options, CancellationToken ct)
    {
        // --db: the data of a database an earlier run kept (--keep-db), neither loaded again nor dropped.
        var reuse = options.Database is not null;
        var database = options.Database ?? $"crm_tables_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(options.Server, ct);
        Console.Error.WriteLine($"[tables] database {database}; host {options.AppDir}/Crm.Host.dll on 127.0.0.1:{options.Port}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        if (!reuse)
        {
            await Machine.ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        }
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start(options.AppDir, options.Port, connectionString, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword,
                "/api/deals", "/api/directory/suggest", "/api/tasks/search");
            var baseAddress = new Uri($"http://127.0.0.1:{options.Port}/");
            await host.WaitReadyAsync(baseAddress, TimeSpan.FromMinutes(3), ct);

            await using var db = NpgsqlDataSource.Create(connectionString);
            await BoardBenchmark.WaitForSeedAsync(db, ct);
            var token = await Api.SignInAndCreateTokenAsync(baseAddress, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword, "tables benchmark", ct);
            using var api = Api.Client(baseAddress, token);
            var runner = new ScenarioRunner(baseAddress, host, options.Warmup, options.Calls, "tables");
            var now = DateTimeOffset.UtcNow;
            Guid numberField, textField;
            TablesLoadResult? load = null;
            if (reuse)
            {
                (numberField, textField) = await KeptFieldsAsync(db, ct);
                Console.Error.WriteLine($"[tables] the data of the kept database {database}, not loaded again");
            }
            else
            {
                var managers = await BoardBenchmark.CreateUsersAsync(api, options.Managers, ct);
                // The two custom fields of deals, as an admin makes them in the settings.
                runner.CountOutside(2);
                numberField = await Api.PostForIdAsync(api, "api/deals/custom-fields", new { name = NumberFieldName, type = "number" }, ct);
                textField = await Api.PostForIdAsync(api, "api/deals/custom-fields", new { name = TextFieldName, type = "text" }, ct);
                await WaitForUsersAsync(db, managers, ct);
                Guid admin;
                await using (var conn = await db.OpenConnectionAsync(ct))
                {
                    admin = await conn.QuerySingleAsync<Guid>("select id from identity.users where email = @AdminEmail", new { BoardBenchmark.AdminEmail });
                }
                load = await TablesLoad.RunAsync(db, options, admin, managers, numberField, textField, now, ct);
                Console.Error.WriteLine($"[tables] {load.DealRows} deals ({load.OpenDeals} open, {load.BareDeals} of them without an open task)");
            }
            var consistency = await TasksBenchmark.ConsistencyAsync(db, now, ct);
            Console.Error.WriteLine($"[tables] consistency {JsonSerializer.Serialize(consistency)}");

            // As the table asks them: the page without its totals, and the totals beside it (GET /api/deals/totals).
            var table = "api/deals?sort=-updated&limit=50&totals=false";
            var bareFilter = "f.nextTask=empty&f.closed=empty";
            var cfNumberFilter = $"f.cf.{numberField}=100..150";
            var cfTextFilter = $"f.cf.{textField}={Uri.EscapeDataString("~выстав")}";
            var bare = $"{table}&{bareFilter}";
            var cfNumber = $"{table}&{cfNumberFilter}";
            var cfText = $"{table}&{cfTextFilter}";
            var matches = await MatchesAsync(db, numberField, textField, ct);
            Console.Error.WriteLine($"[tables] matches {JsonSerializer.Serialize(matches)}");

            // The first page's totals against the database, and the cursors of pages 2..21 of «без задач».
            var checks = new List<Check>();
            using (var http = Api.Client(baseAddress, token))
            {
                foreach (var (name, filter, expected) in new[] { ("bare", bareFilter, matches["bare"]), ("cf-number", cfNumberFilter, matches["cf-number"]), ("cf-text", cfTextFilter, matches["cf-text"]) })
                {
                    var totals = await runner.GetJsonAsync(http, $"api/deals/totals?{filter}", ct);
                    var total = totals.GetProperty("total").GetInt64();
                    var page = await runner.GetJsonAsync(http, $"{table}&{filter}", ct);
                    checks.Add(new Check($"{name}: the totals are the database's count", $"{total} / {expected}, {page.GetProperty("items").GetArrayLength()} rows on the first page", total == expected));
                }
            }
            var cursors = new List<string>();
            using (var http = Api.Client(baseAddress, token))
            {
                var page = await runner.GetJsonAsync(http, bare, ct);
                while (page.GetProperty("nextCursor").GetString() is { } cursor && cursors.Count < 20)
                {
                    cursors.Add(cursor);
                    page = await runner.GetJsonAsync(http, $"{bare}&after={Uri.EscapeDataString(cursor)}", ct);
                }
            }
            checks.Add(new Check("«без задач»: 20 further pages walked", cursors.Count.ToString(CultureInfo.InvariantCulture), cursors.Count == 20));
            checks.Add(new Check("derived data agrees with its source (task facts, counts, totals)", JsonSerializer.Serialize(consistency), consistency.Ok));

            var scenarios = new (string Name, string What, Func<int, string> Url)[]
            {
                ("table-all", "GET /api/deals?sort=-updated&limit=50&totals=false (all pipelines, no filter)", _ => table),
                ("table-all-totals", "GET /api/deals/totals (no filter: from stage_totals)", _ => "api/deals/totals"),
                ("bare-totals", "GET /api/deals/totals?f.nextTask=empty&f.closed=empty (from stage_totals' bare counts)", _ => $"api/deals/totals?{bareFilter}"),
                ("cf-number-totals", "GET /api/deals/totals?f.cf.<Мощность, кВт>=100..150 (counts every deal read)", _ => $"api/deals/totals?{cfNumberFilter}"),
                ("cf-text-totals", "GET /api/deals/totals?f.cf.<Источник>=~выстав (candidates from ix_deals_custom_text)", _ => $"api/deals/totals?{cfTextFilter}"),
                ("bare", $"+ f.nextTask=empty&f.closed=empty («без задач»: {matches["bare"]} deals)", _ => bare),
                ("bare-next", $"the same, &after= pages 2..{cursors.Count + 1} in turn", i => $"{bare}&after={Uri.EscapeDataString(cursors[i % cursors.Count])}"),
                ("cf-number", $"+ f.cf.<Мощность, кВт>=100..150 (custom number range: {matches["cf-number"]} deals)", _ => cfNumber),
                ("cf-text", $"+ f.cf.<Источник>=~выстав (custom text contains: {matches["cf-text"]} deals)", _ => cfText),
            };
            var search = new GlobalSearchRunner(baseAddress, host, runner, options.Warmup, options.Calls);
            var results = new List<ScenarioResult>();
            var searches = new List<GlobalSearchResult>();
            foreach (var clients in new[] { 1, options.Clients }.Distinct())
            {
                foreach (var (name, what, url) in scenarios)
                {
                    Console.Error.WriteLine($"[tables] {name}, {clients} client(s): {options.Warmup} warm-up, {options.Calls} measured");
                    results.Add(await runner.RunAsync(name, what, token, url, clients, ct));
                }
                foreach (var (name, q, what) in Searches)
                {
                    Console.Error.WriteLine($"[tables] {name} q={q}, {clients} client(s): {options.Warmup} warm-up, {options.Calls} measured");
                    searches.Add(await search.RunAsync(name, q, what, token, options.SearchLimit, clients, ct));
                }
            }
            checks.Add(new Check("every measured call answered 200", $"{results.Sum(r => r.Failures) + searches.Sum(s => s.Failures)} failures",
                results.Sum(r => r.Failures) + searches.Sum(s => s.Failures) == 0));

            var targets = new List<Target>();
            foreach (var r in results.Where(r => r.Scenario is "bare" or "bare-next" or "bare-totals"))
            {
                targets.Add(new Target($"{r.Scenario} ({r.Clients} client{(r.Clients == 1 ? "" : "s")}) p95 < 50 ms", $"{r.ClientMs.P95:0.0} ms", r.ClientMs.P95 < 50));
            }
            foreach (var r in results.Where(r => r.Scenario is "cf-number" or "cf-text"))
            {
                targets.Add(new Target($"{r.Scenario} ({r.Clients} client{(r.Clients == 1 ? "" : "s")}) p95 < 100 ms", $"{r.ClientMs.P95:0.0} ms", r.ClientMs.P95 < 100));
            }
            foreach (var s in searches)
            {
                targets.Add(new Target($"{s.Scenario} ({s.Clients} client{(s.Clients == 1 ? "" : "s")}) slowest of four p95 < 50 ms", $"{s.SlowestMs.P95:0.0} ms", s.SlowestMs.P95 < 50));
            }

            return new TablesReport(
                new BoardMeta(DateTimeOffset.UtcNow, Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"), Environment.MachineName,
                    Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, server, loadBefore,
                    Machine.LoadAverage()),
                options with { Server = "", AppDir = "" }, HostDescription, options.KeepDatabase || reuse ? database : null, now, load, consistency,
                matches, results.ToArray(), searches.ToArray(), targets.ToArray(), checks.ToArray(),
                host.Errors().ToArray(), host.Warnings().ToArray(), Math.Round(host.RssMb(), 1));
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync();
            }
            NpgsqlConnection.ClearAllPools();
            if (options.KeepDatabase || reuse)
            {
                Console.Error.WriteLine($"[tables] kept database {database}");
            }
            else
            {
                await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    private const string NumberFieldName = "Мощность, кВт";
    private const string TextFieldName = "Источник";

    /// <summary>The two custom fields of a kept database, by their names.</summary>
    private static async Task<(Guid Number, Guid Text)> KeptFieldsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var fields = (await conn.QueryAsync<(string Name, Guid Id)>(
            "select name, id from deals.custom_fields where name = any(@Names)", new { Names = new[] { NumberFieldName, TextFieldName } })).ToDictionary(f => f.Name, f => f.Id);
        return fields.TryGetValue(NumberFieldName, out var number) && fields.TryGetValue(TextFieldName, out var text)
            ? (number, text)
            : throw new InvalidOperationException($"the kept database has not both custom fields «{NumberFieldName}» and «{TextFieldName}»: not a tables benchmark's database");
    }

    /// <summary>How many deals each filter selects, and how many records the searches' texts are in (folded, as the app folds).</summary>
    private static async Task<Dictionary<string, long>> MatchesAsync(NpgsqlDataSource db, Guid numberField, Guid textField, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var m = await conn.QuerySingleAsync<(long, long, long)>(
            """
            select count(*) filter (where next_task_due is null and closed_at is null),
                   count(*) filter (where jsonb_typeof(custom -> @Number) = 'number' and (custom ->> @Number)::numeric between 100 and 150),
                   count(*) filter (where translate(lower(custom ->> @Text), 'ё', 'е') like '%выстав%')
            from deals.deals where deleted_at is null
            """, new { Number = numberField.ToString(), Text = textField.ToString() });
        var result = new Dictionary<string, long> { ["bare"] = m.Item1, ["cf-number"] = m.Item2, ["cf-text"] = m.Item3 };
        foreach (var (name, q, _) in Searches)
        {
            var like = $"%{q.ToLowerInvariant().Replace('ё', 'е')}%";
            var s = await conn.QuerySingleAsync<(long, long, long, long)>(
                """
                select (select count(*) from deals.deals where deleted_at is null and search like @like),
                       (select count(*) from directory.companies where deleted_at is null and search like @like),
                       (select count(*) from directory.contacts where deleted_at is null and search like @like),
                       (select count(*) from tasks.tasks where search like @like)
                """, new { like });
            result[$"{name}: deals"] = s.Item1;
            result[$"{name}: companies (name, e-mail, tax id)"] = s.Item2;
            result[$"{name}: contacts (name, e-mail)"] = s.Item3;
            result[$"{name}: tasks (text)"] = s.Item4;
            var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length > 0)
            {
                var phones = await conn.QuerySingleAsync<(long, long)>(
                    """
                    select (select count(*) from directory.companies where deleted_at is null and phone_digits like @like),
                           (select count(*) from directory.contacts where deleted_at is null and phone_digits like @like)
                    """, new { like = $"%{digits}%" });
                result[$"{name}: companies (phone)"] = phones.Item1;
                result[$"{name}: contacts (phone)"] = phones.Item2;
            }
        }
        return result;
    }

    /// <summary>Deals and Tasks hear of the users through the bus: wait until both copies have the managers.</summary>
    private static async Task WaitForUsersAsync(NpgsqlDataSource db, Guid[] managers, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var (tasks, deals) = await conn.QuerySingleAsync<(long, long)>(
                "select (select count(*) from tasks.users where id = any(@managers)), (select count(*) from deals.users where id = any(@managers))",
                new { managers });
            if (tasks == managers.Length && deals == managers.Length)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the users' copies never caught up: Tasks {tasks}, Deals {deals} of {managers.Length}");
            }
            await Task.Delay(250, ct);
        }
    }
}

public sealed record TablesReport(
    BoardMeta Meta, TablesOptions Parameters, string Host, string? KeptDatabase, DateTimeOffset LoadedAt, TablesLoadResult? Load,
    Consistency Consistency, Dictionary<string, long> Matches, ScenarioResult[] Scenarios, GlobalSearchResult[] Searches, Target[] Targets,
    Check[] Checks, string[] HostErrors, string[] HostWarnings, double HostRssMb);
