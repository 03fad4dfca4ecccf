using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Crm.Bench.Board;
using Dapper;
using Npgsql;

namespace Crm.Bench.Tasks;

public sealed record TasksOptions(
    string Server, string AppDir, int Port, int Count, double OpenShare, double DealsWithTasks, int Deals, int OtherDeals,
    int Managers, int Companies, int Contacts, int Warmup, int Calls, int Clients, int Seed, string OutputPath, bool KeepDatabase);

/// <summary>
/// The organizer (GET /api/tasks) over millions of tasks and the board's task filters (tasks=none|overdue) of a
/// 100,000-deal pipeline, over HTTP against the real published host on a fresh database. See build/bench/README.md.
/// </summary>
public static class TasksBenchmark
{
    /// <summary>The managers' zones: mostly Moscow, some UTC+5 and UTC+7 (no daylight saving in any of them).</summary>
    private static string ZoneOf(int i) => (i % 10) switch
    {
        7 => "Asia/Yekaterinburg",
        9 => "Asia/Novosibirsk",
        _ => "Europe/Moscow",
    };

    private static int LeadOf(int i) => (i % 5) switch
    {
        0 => 15,
        1 => 60,
        _ => 30,
    };

    public static async Task<TasksReport> RunAsync(TasksOptions options, CancellationToken ct)
    {
        var database = $"crm_tasks_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(options.Server, ct);
        Console.Error.WriteLine($"[tasks] database {database}; host {options.AppDir}/Crm.Host.dll on 127.0.0.1:{options.Port}");
        await Machine.ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start(options.AppDir, options.Port, connectionString, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword,
                "/api/tasks", "/api/deals/board");
            var baseAddress = new Uri($"http://127.0.0.1:{options.Port}/");
            await host.WaitReadyAsync(baseAddress, TimeSpan.FromMinutes(3), ct);

            await using var db = NpgsqlDataSource.Create(connectionString);
            await BoardBenchmark.WaitForSeedAsync(db, ct);

            var token = await Api.SignInAndCreateTokenAsync(baseAddress, BoardBenchmark.AdminEmail, BoardBenchmark.AdminPassword, "tasks benchmark", ct);
            using var api = Api.Client(baseAddress, token);
            var managers = await BoardBenchmark.CreateUsersAsync(api, options.Managers, ct);
            // Each manager sets their own time zone and reminder lead time, as in the profile.
            for (var i = 0; i < managers.Length; i++)
            {
                using var session = await BrowserSession.SignInAsync(baseAddress, $"manager{i + 1:00}@bench.local", BoardBenchmark.ManagerPassword, ct);
                await session.SendAsync(HttpMethod.Put, "api/identity/me/settings",
                    new { language = "ru", timeZone = ZoneOf(i), reminderLeadMinutes = LeadOf(i) }, "settings", ct);
            }
            var companies = new Guid[options.Companies];
            for (var i = 0; i < companies.Length; i++)
            {
                companies[i] = await Api.PostForIdAsync(api, "api/directory/companies", new { name = $"ООО «Клиент {i + 1}»", confirmDuplicate = true }, ct);
            }
            var contacts = new Guid[options.Contacts];
            for (var i = 0; i < contacts.Length; i++)
            {
                contacts[i] = await Api.PostForIdAsync(api, "api/directory/contacts",
                    new { fullName = $"Контакт {i + 1} Бенчмарков", companyId = companies[i % companies.Length], confirmDuplicate = true }, ct);
            }
            await WaitForCopiesAsync(db, managers, companies.Length, contacts.Length, ct);
            Console.Error.WriteLine($"[tasks] {managers.Length} managers with their settings, {companies.Length} companies, {contacts.Length} contacts through the API");

            var boardOptions = new BoardOptions(options.Server, options.AppDir, options.Port, options.Deals, options.OtherDeals, options.Managers,
                options.Warmup, options.Calls, options.Clients, options.Seed, options.OutputPath, options.KeepDatabase);
            var deals = await BulkLoad.RunAsync(db, managers, boardOptions, ct, responsibleSkew: 1.2);
            Console.Error.WriteLine($"[tasks] loaded {deals.TargetDeals} + {deals.OtherDeals} deals in {deals.LoadSeconds:0.0} s");
            await using (var conn = await db.OpenConnectionAsync(ct))
            {
                // Tasks' copy of the deals, as DealCreated / DealWon / DealLost would have left it.
                await conn.ExecuteAsync(
                    """
                    insert into tasks.deals (id, name, responsible_id, closed, deleted)
                    select id, name, responsible_id, closed_at is not null, false from deals.deals
                    on conflict (id) do nothing
                    """);
            }

            var runner = new ScenarioRunner(baseAddress, host, options.Warmup, options.Calls, "tasks");
            var admin = await AdminIdAsync(db, ct);
            var check = await SampleCheck.RunAsync(db, api, runner, managers, ZoneOf, companies[0], contacts[0], admin, ct);
            Console.Error.WriteLine($"[tasks] API sample check: {(check.Identical ? "identical" : "DIFFERENT")}");

            var now = DateTimeOffset.UtcNow;
            Console.Error.WriteLine($"[tasks] loading {options.Count} tasks …");
            var load = await TaskLoad.RunAsync(db, options, admin, managers, companies, contacts, now, ct);
            Console.Error.WriteLine($"[tasks] {load.Tasks} tasks ({load.Open} open) in {load.LoadSeconds:0.0} s, facts {load.FactsSeconds:0.0} s, indexes {load.IndexSeconds:0.0} s, vacuum analyze {load.AnalyzeSeconds:0.0} s; tasks.tasks {load.TasksSize}");
            var consistency = await ConsistencyAsync(db, now, ct);
            Console.Error.WriteLine($"[tasks] consistency: {JsonSerializer.Serialize(consistency)}");

            // "One manager": the one with the most open tasks, signed in with their own token (days are theirs).
            await using var c2 = await db.OpenConnectionAsync(ct);
            var (mine, mineOpen) = await c2.QuerySingleAsync<(Guid, long)>(
                "select responsible_id, count(*) from tasks.tasks where completed_at is null group by 1 order by 2 desc limit 1");
            var mineIndex = Array.IndexOf(managers, mine);
            var mineZone = ZoneOf(mineIndex);
            string mineToken;
            using (var session = await BrowserSession.SignInAsync(baseAddress, $"manager{mineIndex + 1:00}@bench.local", BoardBenchmark.ManagerPassword, ct))
            {
                mineToken = (await session.SendAsync(HttpMethod.Post, "api/identity/me/tokens", new { name = "tasks benchmark" }, "create API token", ct))
                    .GetProperty("token").GetString()!;
            }
            var (dealsMine, dealsMineCount) = await c2.QuerySingleAsync<(Guid, long)>(
                """
                select t.responsible_id, sum(t.deal_count)::bigint from deals.stage_totals t
                join deals.stages s on s.id = t.stage_id where s.pipeline_id = @PipelineId
                group by t.responsible_id order by 2 desc limit 1
                """, new { deals.PipelineId });

            // The organizer's calls (frontend/src/app/tasks: limit 500), in the viewer's days.
            var zone = TimeZoneInfo.FindSystemTimeZoneById(mineZone);
            var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
            string At(DateOnly day) => Uri.EscapeDataString(new DateTimeOffset(
                TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone), TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture));
            var nextMonday = localToday.AddDays(7 - ((int)localToday.DayOfWeek + 6) % 7);
            var monthStart = new DateOnly(localToday.Year, localToday.Month, 1);
            var list = "api/tasks?limit=500";
            var byMine = $"&responsibleId={mine}";
            var later = $"{list}&view=range&from={At(nextMonday)}&to={At(nextMonday.AddDays(13 * 7))}{byMine}";
            var month = $"{list}&view=range&from={At(monthStart)}&to={At(monthStart.AddMonths(1))}{byMine}";
            var monthPages = await PagesAsync(runner, baseAddress, mineToken, month, ct);
            var board = $"api/deals/board?pipelineId={deals.PipelineId}";

            var scenarios = new (string Name, string What, string Token, Func<int, string> Url)[]
            {
                ("today-all", "GET /api/tasks?view=today&limit=500 (everyone's, as the admin: Moscow)", token, _ => $"{list}&view=today"),
                ("today-mine", $"… view=today&responsibleId= the manager with the most open tasks ({mineOpen}), signed in as them ({mineZone})", mineToken, _ => $"{list}&view=today{byMine}"),
                ("overdue-all", "… view=overdue (everyone's)", token, _ => $"{list}&view=overdue"),
                ("overdue-mine", "… view=overdue&responsibleId=", mineToken, _ => $"{list}&view=overdue{byMine}"),
                ("tomorrow-mine", "… view=tomorrow&responsibleId=", mineToken, _ => $"{list}&view=tomorrow{byMine}"),
                ("week-all", "… view=week (everyone's)", token, _ => $"{list}&view=week"),
                ("week-mine", "… view=week&responsibleId=", mineToken, _ => $"{list}&view=week{byMine}"),
                ("later-mine", "… view=range, next Monday + 13 weeks (the organizer's «Позже»)&responsibleId=", mineToken, _ => later),
                ("month-mine", $"… view=range, this calendar month&responsibleId=: its {monthPages.Count} pages of 500 in turn (as the calendar fetches them)", mineToken,
                    i => monthPages[i % monthPages.Count]),
                ("board-none", "GET /api/deals/board?pipelineId&tasks=none («Без задач»)", token, _ => $"{board}&tasks=none"),
                ("board-overdue", "… &tasks=overdue («С просроченными задачами»)", token, _ => $"{board}&tasks=overdue"),
                ("board-none-mine", $"… &tasks=none&responsibleId= (the manager with the most deals: {dealsMineCount})", token, _ => $"{board}&tasks=none&responsibleId={dealsMine}"),
            };

            // What each call answers (items or cards), once, before the measurements.
            var answers = new Dictionary<string, string>();
            foreach (var (name, _, scenarioToken, url) in scenarios)
            {
                using var http = Api.Client(baseAddress, scenarioToken);
                var json = await runner.GetJsonAsync(http, url(0), ct);
                answers[name] = json.TryGetProperty("items", out var items)
                    ? $"{items.GetArrayLength()} tasks{(json.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? ", more pages" : "")}"
                    : $"{json.GetProperty("stages").EnumerateArray().Sum(s => s.GetProperty("cards").GetArrayLength())} cards, counts add up to {json.GetProperty("stages").EnumerateArray().Sum(s => s.GetProperty("count").GetInt64())}";
                Console.Error.WriteLine($"[tasks] {name}: {answers[name]}");
            }

            var results = new List<ScenarioResult>();
            foreach (var clients in new[] { 1, options.Clients }.Distinct())
            {
                foreach (var (name, what, scenarioToken, url) in scenarios)
                {
                    Console.Error.WriteLine($"[tasks] {name}, {clients} client(s): {options.Warmup} warm-up, {options.Calls} measured");
                    results.Add(await runner.RunAsync(name, what, scenarioToken, url, clients, ct));
                }
            }

            return new TasksReport(
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
                options with { Server = "", AppDir = "" },
                "Release, published (dotnet publish -c Release), Production environment, default logging (request lines at Information)",
                database,
                now,
                new Viewer(mine, mineZone, mineOpen, dealsMine, dealsMineCount),
                deals,
                load,
                check,
                consistency,
                answers,
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
                Console.Error.WriteLine($"[tasks] kept database {database}");
            }
            else
            {
                await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    private static async Task<Guid> AdminIdAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<Guid>("select id from identity.users where email = @AdminEmail", new { BoardBenchmark.AdminEmail });
    }

    /// <summary>Tasks hears of users, their settings, companies and contacts through the bus: wait until its copies have them.</summary>
    private static async Task WaitForCopiesAsync(NpgsqlDataSource db, Guid[] managers, int companies, int contacts, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var moscow = managers.Where((_, i) => ZoneOf(i) == "Europe/Moscow").Count();
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var (users, others, co, ct2) = await conn.QuerySingleAsync<(long, long, long, long)>(
                """
                select (select count(*) from tasks.users where id = any(@managers)),
                       (select count(*) from tasks.users where id = any(@managers) and time_zone <> 'Europe/Moscow'),
                       (select count(*) from tasks.companies), (select count(*) from tasks.contacts)
                """, new { managers });
            if (users == managers.Length && others == managers.Length - moscow && co >= companies && ct2 >= contacts)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Tasks' copies never caught up: {users} users ({others} outside Moscow), {co} companies, {ct2} contacts");
            }
            await Task.Delay(250, ct);
        }
    }

    /// <summary>The calendar's pages of a range: the URL of the first page and of each page after a cursor (at most 5, as the UI).</summary>
    private static async Task<List<string>> PagesAsync(ScenarioRunner runner, Uri baseAddress, string token, string first, CancellationToken ct)
    {
        using var http = Api.Client(baseAddress, token);
        var pages = new List<string> { first };
        var json = await runner.GetJsonAsync(http, first, ct);
        while (json.GetProperty("nextCursor").GetString() is { } cursor && pages.Count < 5)
        {
            var next = $"{first}&after={Uri.EscapeDataString(cursor)}";
            pages.Add(next);
            json = await runner.GetJsonAsync(http, next, ct);
        }
        return pages;
    }

    /// <summary>After the load, everything derived must agree with its source (0 everywhere).</summary>
    internal static async Task<Consistency> ConsistencyAsync(NpgsqlDataSource db, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<Consistency>(
            $"""
            select
                (select count(*) from deals.deals d join ({TaskLoad.DealCounts}) f on f.id = d.id
                 where (d.open_task_count, d.next_task_due) is distinct from (f.count, f.due)) as DealCountsOff,
                (select count(*) from deals.stage_totals t full join (
                     select stage_id, responsible_id, currency, count(*) as c, coalesce(sum(budget), 0) as b,
                            count(*) filter (where closed_at is null and open_task_count = 0) as bc,
                            coalesce(sum(budget) filter (where closed_at is null and open_task_count = 0), 0) as bb
                     from deals.deals where deleted_at is null group by 1, 2, 3) x
                     on x.stage_id = t.stage_id and x.responsible_id = t.responsible_id and x.currency = t.currency
                 where (t.deal_count, t.budget_sum, t.bare_count, t.bare_budget_sum) is distinct from (x.c, x.b, x.bc, x.bb)
                   and not (x.stage_id is null and t.deal_count = 0)) as StageTotalsOff,
                (select count(*) from tasks.tasks t left join deals.task_facts f on f.id = t.id
                 where f.id is null or (f.status <> 'open') <> (f.closed_at is not null) or (f.deal_id, f.due_at, f.status, f.version) is distinct from
                     (case when t.link_kind = 'deal' then t.link_id end, t.due_at, case when t.completed_at is not null then 'completed' else 'open' end, t.version)) as DealFactsOff,
                (select count(*) from tasks.tasks t left join directory.task_facts f on f.id = t.id
                 where f.id is null or (f.status <> 'open') <> (f.closed_at is not null) or (f.company_id, f.contact_id, f.status, f.version) is distinct from
                     (case when t.link_kind = 'company' then t.link_id end, case when t.link_kind = 'contact' then t.link_id end,
                      case when t.completed_at is not null then 'completed' else 'open' end, t.version)) as DirectoryFactsOff,
                (select count(*) from directory.company_facts f full join (
                     select company_id, count(*) as c from directory.task_facts where company_id is not null and status = 'open' group by 1) x
                     on x.company_id = f.company_id
                 where coalesce(f.open_task_count, 0) <> coalesce(x.c, 0)) as CompanyCountsOff,
                (select count(*) from directory.companies c left join directory.company_facts f on f.company_id = c.id
                 where c.idle <> (coalesce(f.open_deal_count, 0) = 0 and coalesce(f.open_task_count, 0) = 0))
                + (select count(*) from directory.contacts c left join directory.contact_facts f on f.contact_id = c.id
                   where c.idle <> (coalesce(f.open_task_count, 0) = 0))
                + (select count(*) from directory.idle_totals t
                   where t.count <> case t.list
                       when 'companies' then (select count(*) from directory.companies where deleted_at is null and idle)
                       else (select count(*) from directory.contacts where deleted_at is null and idle) end) as IdleOff,
                (select count(*) from tasks.tasks where completed_at is null
                   and ((reminded_at is null and remind_at <= @now) or (overdue_at is null and due_at < @now))) as UnmarkedForTheJob,
                (select count(*) from tasks.tasks t join tasks.users u on u.id = t.responsible_id
                 where t.all_day and t.due_at <> ((t.due_date + 1)::timestamp at time zone u.time_zone) - interval '1 second') as AllDayOff
            """, new { now });
    }
}

public sealed record Viewer(Guid Manager, string ManagerZone, long ManagerOpenTasks, Guid DealsManager, long DealsManagerDeals);

public sealed record Consistency(
    long DealCountsOff, long StageTotalsOff, long DealFactsOff, long DirectoryFactsOff, long CompanyCountsOff, long IdleOff, long UnmarkedForTheJob,
    long AllDayOff)
{
    public bool Ok => DealCountsOff + StageTotalsOff + DealFactsOff + DirectoryFactsOff + CompanyCountsOff + IdleOff + UnmarkedForTheJob + AllDayOff == 0;
}

public sealed record TasksReport(
    BoardMeta Meta, TasksOptions Parameters, string Host, string Database, DateTimeOffset LoadedAt, Viewer Viewer, LoadResult Deals,
    TaskLoadResult Tasks, TaskSampleCheck SampleCheck, Consistency Consistency, Dictionary<string, string> Answers, ScenarioResult[] Scenarios);
