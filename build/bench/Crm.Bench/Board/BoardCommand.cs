using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crm.Bench.Board;

/// <summary>The <c>board</c> command: options, the table on stdout and the JSON file.</summary>
public static class BoardCommand
{
    public const string Usage = """
        usage: Crm.Bench board [options]

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)      default .build/bench-app
          --port <n>                loopback port of the host              default 5091
          --deals <n>               deals in «Новые дилеры»               default 100000
          --other-deals <n>         deals in the other pipelines           default 50000
          --users <n>               responsible users (created via API)    default 20
          --warmup <n>              calls before each measured scenario    default 30
          --calls <n>               measured calls per scenario            default 300
          --clients <n>             concurrent clients of the second round default 4
          --seed <n>                random seed of the data                default 42
          --out <file>              JSON results   default build/bench/results/board-<date>.json
          --keep-db                 do not drop the benchmark database
        """;

    public static Task<int> RunAsync(string[] args, string repoRoot) =>
        CommandLine.RunAsync(args, Usage, a => Parse(a, repoRoot), o => o.OutputPath, BoardBenchmark.RunAsync, Table, r => r.Scenarios.Sum(s => s.Failures) == 0);

    private static BoardOptions Parse(string[] args, string repoRoot) => CommandLine.Read(args, o => new BoardOptions(
        o.Server(), o.App(repoRoot), o.Positive("--port", 5091), o.Positive("--deals", 100_000), o.Positive("--other-deals", 50_000),
        o.Positive("--users", 20), o.Positive("--warmup", 30), o.Positive("--calls", 300), o.Positive("--clients", 4), o.Positive("--seed", 42),
        o.Output(repoRoot, "board"), o.KeepDatabase));

    public static string Table(BoardReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = report.Meta;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(inv, $"board: {report.Parameters.Deals} deals in «Новые дилеры» (+{report.Parameters.OtherDeals} in other pipelines), {report.Parameters.Calls} calls per row after {report.Parameters.WarmupCalls} warm-up, ms");
        ScenarioTable.Append(sb, m, report.Parameters.Host, report.Scenarios, 10);
        foreach (var s in report.Scenarios.DistinctBy(s => s.Scenario))
        {
            sb.AppendLine(inv, $"{s.Scenario,-10} {s.What}");
        }
        var l = report.Load;
        sb.AppendLine(inv, $"load: {l.TargetDeals + l.OtherDeals} deals in {l.LoadSeconds:0.0} s (trigger off), stage totals {l.TotalsSeconds:0.00} s, vacuum analyze {l.AnalyzeSeconds:0.0} s; deals.deals {l.TableSize}");
        sb.AppendLine(inv, $"board check: {report.BoardCheck.Stages} stages, counts add up to {report.BoardCheck.Count}, {report.BoardCheck.Cards} cards, {report.BoardCheck.Bytes} bytes");
        return sb.ToString();
    }
}
