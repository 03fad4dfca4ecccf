using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crm.Bench.Tasks;

/// <summary>The <c>tasks</c> command: options, the table on stdout and the JSON file.</summary>
public static class TasksCommand
{
    public const string Usage = """
        usage: Crm.Bench tasks [options]

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)      default .build/bench-app
          --port <n>                loopback port of the host              default 5093
          --tasks <n>               tasks                                  default 3000000
          --open-share <x>          share of them still open               default 0.1
          --deals <n>               deals in «Новые дилеры»               default 100000
          --other-deals <n>         deals in the other pipelines           default 50000
          --managers <n>            responsible users (created via API)    default 50
          --companies <n>           companies (created via API)            default 100
          --contacts <n>            contacts (created via API)             default 200
          --warmup <n>              calls before each measured scenario    default 30
          --calls <n>               measured calls per scenario            default 300
          --clients <n>             concurrent clients of the second round default 4
          --seed <n>                random seed of the data                default 42
          --out <file>              JSON results   default build/bench/results/tasks-<date>.json
          --keep-db                 do not drop the benchmark database (for EXPLAIN afterwards)
        """;

    public static Task<int> RunAsync(string[] args, string repoRoot) =>
        CommandLine.RunAsync(args, Usage, a => Parse(a, repoRoot), o => o.OutputPath, TasksBenchmark.RunAsync, Table, r => r.Scenarios.Sum(s => s.Failures) == 0 && r.SampleCheck.Identical && r.Consistency.Ok);

    private static TasksOptions Parse(string[] args, string repoRoot) => CommandLine.Read(args, o =>
    {
        var options = new TasksOptions(
            o.Server(), o.App(repoRoot), o.Positive("--port", 5093), o.Positive("--tasks", 3_000_000), o.Value("--open-share", 0.1, CommandLine.Share), 0.65,
            o.Positive("--deals", 100_000), o.Positive("--other-deals", 50_000), o.Positive("--managers", 50), o.Positive("--companies", 100),
            o.Positive("--contacts", 200), o.Positive("--warmup", 30), o.Positive("--calls", 300), o.Positive("--clients", 4), o.Positive("--seed", 42),
            o.Output(repoRoot, "tasks"), o.KeepDatabase);
        return options.Managers >= 10
            ? options
            : throw new ArgumentException("--managers must be at least 10 (the check needs a manager in each of the three zones)");
    });

    public static string Table(TasksReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = report.Meta;
        var t = report.Tasks;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(inv, $"tasks: {t.Tasks} tasks ({t.Open} open, {t.OpenOverdue} of them overdue), {report.Parameters.Managers} managers; board: {report.Deals.TargetDeals} deals in «Новые дилеры» (+{report.Deals.OtherDeals}); {report.Parameters.Calls} calls per row after {report.Parameters.Warmup} warm-up, ms");
        ScenarioTable.Append(sb, m, report.Host, report.Scenarios, 16);
        foreach (var s in report.Scenarios.DistinctBy(s => s.Scenario))
        {
            sb.AppendLine(inv, $"{s.Scenario,-16} {s.What}; answers {report.Answers.GetValueOrDefault(s.Scenario)}");
        }
        sb.AppendLine(inv, $"load: {t.Tasks} tasks in {t.LoadSeconds:0.0} s, facts and counts {t.FactsSeconds:0.0} s, indexes {t.IndexSeconds:0.0} s, vacuum analyze {t.AnalyzeSeconds:0.0} s; tasks.tasks {t.TasksSize}, deals.task_facts {t.DealFactsSize}, directory.task_facts {t.DirectoryFactsSize}");
        sb.AppendLine(inv, $"links: {t.OnDeals} deals, {t.OnCompanies} companies, {t.OnContacts} contacts, {t.Unlinked} none; {t.AllDay} all day; deals with open tasks {t.DealsWithOpenTasks}, open deals without {t.OpenDealsWithoutTasks}");
        sb.AppendLine(inv, $"API sample check: {(report.SampleCheck.Identical ? "identical" : "DIFFERENT")}; consistency: {(report.Consistency.Ok ? "ok" : "OFF")} {JsonSerializer.Serialize(report.Consistency)}");
        return sb.ToString();
    }
}
