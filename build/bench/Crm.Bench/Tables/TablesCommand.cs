using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crm.Bench.Tables;

/// <summary>The <c>tables</c> command: options, the table on stdout and the JSON file.</summary>
public static class TablesCommand
{
    public const string Usage = """
        usage: Crm.Bench tables [options]

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)      default .build/bench-app
          --port <n>                loopback port of the host              default 5097
          --deals <n>               deals over all pipelines (60 % in «Новые дилеры»)  default 1000000
          --companies <n>           companies                              default 100000
          --contacts <n>            contacts                               default 300000
          --tasks <n>               tasks                                  default 500000
          --open-share <x>          share of the tasks still open          default 0.3
          --managers <n>            responsible users (created via API)    default 40
          --warmup <n>              calls before each measured scenario    default 30
          --calls <n>               measured calls per scenario            default 300
          --clients <n>             concurrent clients of the second round default 4
          --search-limit <n>        limit of each of the four searches     default 5
          --seed <n>                random seed of the data                default 42
          --out <file>              JSON results   default build/bench/results/tables-<date>.json
          --keep-db                 do not drop the benchmark database (for EXPLAIN afterwards)
          --db <name>               measure the data of a database kept by --keep-db: no load, not dropped
        """;

    public static Task<int> RunAsync(string[] args, string repoRoot) =>
        CommandLine.RunAsync(args, Usage, a => Parse(a, repoRoot), o => o.OutputPath, TablesBenchmark.RunAsync, Table, r => r.Checks.All(c => c.Passed));

    private static TablesOptions Parse(string[] args, string repoRoot) => CommandLine.Read(args, o => new TablesOptions(
        o.Server(), o.App(repoRoot), o.Positive("--port", 5097), o.Positive("--deals", 1_000_000), o.Positive("--companies", 100_000),
        o.Positive("--contacts", 300_000), o.Positive("--tasks", 500_000), o.Value("--open-share", 0.3, CommandLine.Share), o.Positive("--managers", 40),
        o.Positive("--warmup", 30), o.Positive("--calls", 300), o.Positive("--clients", 4), o.Positive("--search-limit", 5), o.Positive("--seed", 42),
        o.Output(repoRoot, "tables"), o.KeepDatabase, o.Text("--db")));

    public static string Table(TablesReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var p = report.Parameters;
        var l = report.Load;
        var sb = new StringBuilder();
        sb.AppendLine();
        var data = l is null
            ? $"the data of the kept database {report.KeptDatabase}"
            : $"{l.DealRows} deals over all pipelines ({l.OpenDeals} open, {l.BareDeals} of them without an open task), {l.Directory.Companies} companies, {l.Directory.Contacts} contacts, {l.Tasks.Tasks} tasks ({l.Tasks.Open} open)";
        sb.AppendLine(inv, $"tables: {data}; {p.Calls} calls per row after {p.Warmup} warm-up, ms");
        ScenarioTable.Append(sb, report.Meta, report.Host, report.Scenarios, 10);
        foreach (var s in report.Scenarios.DistinctBy(s => s.Scenario))
        {
            sb.AppendLine(inv, $"{s.Scenario,-10} {s.What}");
        }
        sb.AppendLine();
        sb.AppendLine(inv, $"global search: the four requests of the top bar at once (limit {p.SearchLimit}); slowest = until the last of the four has answered");
        sb.AppendLine(inv, $"{"search",-14} {"clients",7} {"/s",6} | {"slowest p50",11} {"p95",7} {"p99",7} {"max",7} | {"p95: deals",10} {"companies",9} {"contacts",8} {"tasks",7} | {"server p95",10} | {"fail",4} hits (deals/companies/contacts/tasks), slowest was");
        foreach (var s in report.Searches)
        {
            var e = s.EndpointMs;
            sb.AppendLine(inv,
                $"{s.Scenario,-14} {s.Clients,7} {s.SearchesPerSecond,6:0.0} | {s.SlowestMs.P50,11:0.0} {s.SlowestMs.P95,7:0.0} {s.SlowestMs.P99,7:0.0} {s.SlowestMs.Max,7:0.0} | {e["deals"].P95,10:0.0} {e["companies"].P95,9:0.0} {e["contacts"].P95,8:0.0} {e["tasks"].P95,7:0.0} | {(s.ServerMs is { } v ? v.P95.ToString("0.0", inv) : "-"),10} | {s.Failures,4} {s.Hits.GetValueOrDefault("deals")}/{s.Hits.GetValueOrDefault("companies")}/{s.Hits.GetValueOrDefault("contacts")}/{s.Hits.GetValueOrDefault("tasks")}, {string.Join(" ", s.SlowestWas.OrderByDescending(x => x.Value).Select(x => $"{x.Key} {x.Value}"))}");
        }
        foreach (var s in report.Searches.DistinctBy(s => s.Scenario))
        {
            sb.AppendLine(inv, $"{s.Scenario,-14} q={s.Q}: {s.What}");
        }
        sb.AppendLine();
        sb.AppendLine(inv, $"matches: {string.Join("; ", report.Matches.Select(m => $"{m.Key} {m.Value}"))}");
        if (l is not null)
        {
            sb.AppendLine(inv, $"load: directory {l.Directory.LoadSeconds:0.0} s + indexes {l.Directory.IndexSeconds:0.0} s; deals {l.Deals.LoadSeconds:0.0} s (indexes dropped and rebuilt), totals {l.Deals.TotalsSeconds:0.0} s, vacuum analyze {l.Deals.AnalyzeSeconds:0.0} s; copies and facts {l.CopiesSeconds:0.0} s; tasks {l.Tasks.LoadSeconds:0.0} s, facts {l.Tasks.FactsSeconds:0.0} s, indexes {l.Tasks.IndexSeconds:0.0} s");
            sb.AppendLine(inv, $"deals: {l.LinkedDeals} with Directory's company, {l.WithNumber} with «Мощность, кВт», {l.WithText} with «Источник»; sizes {string.Join(", ", l.Sizes.Select(s => $"{s.Key} {s.Value}"))}");
        }
        ScenarioTable.AppendOutcome(sb, report.Targets, report.Checks, report.HostErrors, report.HostWarnings, report.HostRssMb);
        return sb.ToString();
    }
}
