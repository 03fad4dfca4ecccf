using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Bench.Board;

namespace Crm.Bench.Endurance;

public sealed record EnduranceOptions(
    string Scenario, string Server, string AppDir, int Port, int SecondPort, string AdminEmail, string AdminPassword,
    int Clients, int Rounds, double Minutes, double WarmupMinutes, int Seed, string OutputPath, bool KeepDatabase)
{
    /// <summary>What goes into the JSON: no connection string, directory or password.</summary>
    public EnduranceOptions Public() => this with { Server = "", AppDir = "", AdminPassword = "" };
}

/// <summary>
/// The <c>endurance</c> command: the long runs of issue 10, never in CI. <c>kill9</c>, <c>soak</c> and <c>two</c>,
/// all by default or one by name; each prints its table, writes build/bench/results/endurance-&lt;scenario&gt;-&lt;date&gt;.json
/// and fails (exit 1) when anything was lost, duplicated or inconsistent, never on a time.
/// </summary>
public static class EnduranceCommand
{
    public static readonly string[] Scenarios = ["kill9", "soak", "two"];

    public const string Usage = """
        usage: Crm.Bench endurance [kill9|soak|two] [options]     (no scenario: all three, one after another)

          kill9   SIGKILL the host every 1–4 s while clients create and move deals; restart; nothing acknowledged lost
          soak    one host, a mixed workload for --minutes: calls/s, 5xx, RSS every 10 s and its slope (MB/min)
          two     two hosts on one database: deals, moves, tasks with reminders; each reminder sent once

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped per scenario)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)          default .build/bench-app
          --port <n>                loopback port of the host                   default 5095
          --second-port <n>         the second host of "two"                    default 5096
          --admin-email <e>         the seeded admin (CRM_ADMIN_EMAIL)          default bench-admin@crm.local
          --admin-password <p>      its password (CRM_ADMIN_PASSWORD)           default as the other bench commands
          --clients <n>             concurrent clients           default kill9 8, soak 4, two 4
          --rounds <n>              kill9: kills and restarts    default 10
          --minutes <x>             soak: the whole run, two: the load          default soak 10, two 2
          --warmup-minutes <x>      soak: left out of the RSS slope and the latencies   default 1
          --seed <n>                random seed                                 default 42
          --out <file>              JSON results (one scenario only)  default build/bench/results/endurance-<scenario>-<date>.json
          --keep-db                 do not drop the scenario's database
        """;

    public static async Task<int> RunAsync(string[] args, string repoRoot)
    {
        var named = args.Length > 0 && !args[0].StartsWith('-') && args[0] != "help";
        var scenarios = named ? [args[0]] : Scenarios;
        var rest = named ? args[1..] : args;
        if (named && !Scenarios.Contains(args[0]))
        {
            Console.Error.WriteLine($"unknown scenario: {args[0]}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (!named && rest.Contains("--out"))
        {
            Console.Error.WriteLine("--out needs one scenario");
            return 2;
        }
        var exit = 0;
        foreach (var scenario in scenarios)
        {
            var code = scenario switch
            {
                "kill9" => await CommandLine.RunAsync(rest, Usage, a => Parse(a, repoRoot, scenario), o => o.OutputPath, Kill9Scenario.RunAsync, Kill9Table, r => r.Passed),
                "soak" => await CommandLine.RunAsync(rest, Usage, a => Parse(a, repoRoot, scenario), o => o.OutputPath, SoakScenario.RunAsync, SoakTable, r => r.Passed),
                _ => await CommandLine.RunAsync(rest, Usage, a => Parse(a, repoRoot, scenario), o => o.OutputPath, TwoScenario.RunAsync, TwoTable, r => r.Passed),
            };
            if (code == 2 || rest.Any(a => a is "-h" or "--help"))
            {
                return code;
            }
            exit = Math.Max(exit, code);
        }
        return exit;
    }

    private static EnduranceOptions Parse(string[] args, string repoRoot, string scenario) => CommandLine.Read(args, o =>
    {
        var options = new EnduranceOptions(
            scenario, o.Server(), o.App(repoRoot), o.Positive("--port", 5095), o.Positive("--second-port", 5096),
            o.Text("--admin-email", BoardBenchmark.AdminEmail), o.Text("--admin-password", BoardBenchmark.AdminPassword),
            o.Positive("--clients", scenario == "kill9" ? 8 : 4), o.Positive("--rounds", 10), o.Value("--minutes", scenario == "soak" ? 10.0 : 2.0, Minutes),
            o.Value("--warmup-minutes", 1.0, Minutes), o.Positive("--seed", 42), o.Output(repoRoot, $"endurance-{scenario}"), o.KeepDatabase);
        return scenario != "soak" || options.WarmupMinutes < options.Minutes
            ? options
            : throw new ArgumentException("--warmup-minutes must be shorter than --minutes");
    });

    private static double Minutes(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0
            ? m
            : throw new ArgumentException($"{name} must be a positive number of minutes, not '{value}'");

    private static void Head(StringBuilder sb, string title, EnduranceMeta m)
    {
        var inv = CultureInfo.InvariantCulture;
        var pg = m.Postgres;
        sb.AppendLine();
        sb.AppendLine(title);
        sb.AppendLine(inv, $"{m.Cores} cores, {m.Os}; {m.Minutes:0.0} min; host: {m.Host}");
        sb.AppendLine(inv, $"{pg.Version}, fsync={pg.Fsync}, synchronous_commit={pg.SynchronousCommit}, shared_buffers={pg.SharedBuffers}");
        sb.AppendLine(inv, $"load average (1 min) before {m.LoadAverageBefore?.ToString("0.00", inv) ?? "?"}, after {m.LoadAverageAfter?.ToString("0.00", inv) ?? "?"}; git {m.GitCommit ?? "?"}");
    }

    private static void Check(StringBuilder sb, DealCheck c, BusState bus)
    {
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"deals: {c.Acknowledged} acknowledged, lost {c.Lost}, duplicates {c.Duplicates}, committed without an answer {c.CommittedWithoutAnswer}; moves acknowledged {c.MovesAcknowledged}, stage mismatches {c.StageMismatches}");
        sb.AppendLine(inv, $"copies off: stage occupancy {c.OccupancyOff}, stage totals {c.StageTotalsOff}, pipelines.deal_facts {c.PipelinesFactsOff}, tasks.deals {c.TasksCopyOff}, directory.deal_facts {c.DirectoryFactsOff}, without a deal {c.CopiesWithoutDeal}");
        sb.AppendLine(inv, $"bus: drained in {bus.DrainSeconds:0.0} s, pending {bus.Pending}, dead {bus.Dead} (failed at least once {bus.FailedOnce}); deadlocks {bus.Deadlocks}");
    }

    private static void Latencies(StringBuilder sb, Dictionary<string, Stats> latencies)
    {
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"{"call",-16} {"count",8} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var (kind, s) in latencies)
        {
            sb.AppendLine(inv, $"{kind,-16} {s.Count,8} {s.P50,8:0.0} {s.P99,8:0.0} {s.Max,8:0.0}");
        }
    }

    private static string Verdict(bool passed, string[] hostErrors)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"host errors logged: {hostErrors.Length}{(hostErrors.Length > 0 ? " (in the JSON); the first:" : "")}");
        if (hostErrors.Length > 0)
        {
            sb.AppendLine(hostErrors[0].Length > 1500 ? hostErrors[0][..1500] + " …" : hostErrors[0]);
        }
        sb.Append(passed ? "PASSED" : "FAILED");
        return sb.ToString();
    }

    public static string Kill9Table(Kill9Report r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        Head(sb, $"endurance kill9: {r.Rounds} rounds, {r.Parameters.Clients} clients creating and moving deals, SIGKILL after 1–4 s each round", r.Meta);
        sb.AppendLine(inv, $"kills {r.Kills}; creates sent {r.CreatesSent}, acknowledged {r.CreatesAcknowledged}; moves sent {r.MovesSent}, acknowledged {r.MovesAcknowledged}");
        sb.AppendLine(inv, $"calls {r.Calls.Calls}: ok {r.Calls.Ok}, 4xx {r.Calls.ClientErrors}, 5xx {r.Calls.ServerErrors}, no answer (the kills) {r.Calls.NoAnswer}");
        foreach (var round in r.RoundLog)
        {
            sb.AppendLine(inv, $"  round {round.Round,2}: killed after {round.KilledAfterSeconds:0.00} s, {round.Creates} creates / {round.Moves} moves acknowledged, {round.NoAnswer} without an answer, ready again in {round.RestartSeconds:0.0} s");
        }
        Check(sb, r.Check, r.Bus);
        Latencies(sb, r.ClientMs);
        sb.AppendLine(Verdict(r.Passed, r.HostErrors));
        return sb.ToString();
    }

    public static string SoakTable(SoakReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        Head(sb, $"endurance soak: {r.Parameters.Minutes} min ({r.Parameters.WarmupMinutes} warm-up), {r.Parameters.Clients} clients, a mixed workload on one host", r.Meta);
        sb.AppendLine(inv, $"calls {r.Calls.Calls} ({r.CallsPerSecond:0.0}/s): ok {r.Calls.Ok}, 4xx {r.Calls.ClientErrors}, 5xx {r.Calls.ServerErrors}, no answer {r.Calls.NoAnswer}");
        sb.AppendLine(inv, $"RSS: after warm-up {r.RssAfterWarmupMb:0.0} MB, at the end {r.RssEndMb:0.0} MB, max {r.RssMaxMb:0.0} MB; slope after warm-up {r.RssSlopeMbPerMinute:0.00} MB/min ({r.Samples.Length} samples every 10 s)");
        Check(sb, r.Check, r.Bus);
        Latencies(sb, r.ClientMs);
        sb.AppendLine(Verdict(r.Passed, r.HostErrors));
        return sb.ToString();
    }

    public static string TwoTable(TwoReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        Head(sb, $"endurance two: two hosts on one database, {r.Parameters.Clients} clients alternating between them for {r.Parameters.Minutes} min", r.Meta);
        sb.AppendLine(inv, $"calls {r.Calls.Calls} (port {r.Parameters.Port}: {r.CallsPerHost[0]}, port {r.Parameters.SecondPort}: {r.CallsPerHost[1]}): ok {r.Calls.Ok}, 4xx {r.Calls.ClientErrors}, 5xx {r.Calls.ServerErrors}, no answer {r.Calls.NoAnswer}");
        sb.AppendLine(inv, $"tasks {r.Reminders.Tasks} (lost {r.Reminders.Lost}); reminders: sent once {r.Reminders.SentOnce}, twice or more {r.Reminders.SentTwice}, missing {r.Reminders.Missing}, marked past due (not sent, by design) {r.Reminders.MarkedPastDue}, kept as notifications (Messaging.NotifyTaskDue) {r.Reminders.Pushed}");
        sb.AppendLine(inv, $"overdue notices: once {r.Reminders.OverdueOnce}, twice or more {r.Reminders.OverdueTwice}, missing {r.Reminders.OverdueMissing}; deals.task_facts off {r.Reminders.TaskFactsOff}; waited {r.Reminders.WaitSeconds:0} s for the marks");
        Check(sb, r.Check, r.Bus);
        Latencies(sb, r.ClientMs);
        sb.AppendLine(inv, $"reminders: {JsonSerializer.Serialize(r.Reminders.Examples)}");
        sb.AppendLine(Verdict(r.Passed, r.HostErrors));
        return sb.ToString();
    }
}
