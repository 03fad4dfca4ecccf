using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Bench;

// Crm.Bench: benchmarks of the building blocks against a real PostgreSQL. See build/bench/README.md.
//
//   dotnet run -c Release --project build/bench/Crm.Bench -- event-lag [options]
//
// Never a test: it prints figures and writes them to build/bench/results/; nothing fails on a time.

const string Usage = """
    usage: Crm.Bench event-lag [options]

      --pg <connection string>     PostgreSQL server (no database; one is created and dropped)
                                   default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
      --events <n>                 events per phase (steady and burst)           default 2000
      --rate <per second>          publish rate of the steady phase              default 50
      --burst-publishers <n>       concurrent publishers of the burst phase      default 8
      --warmup <n>                 events published (and ignored) first          default 1000
      --redelivery-samples <n>     undispatched events of the redelivery phase   default 30
      --redelivery-spacing-ms <n>  time between them                             default 450
      --timeout-s <n>              give up on a phase's delivery after           default 300
      --out <file>                 JSON results     default build/bench/results/event-lag-<date>.json
      --keep-db                    do not drop the benchmark database

           Crm.Bench board [options]     the deals board over HTTP (Crm.Bench board --help)
           Crm.Bench suggest [options]   the Directory's suggestions over HTTP (Crm.Bench suggest --help)
           Crm.Bench tasks [options]     the organizer and the board's task filters over HTTP (Crm.Bench tasks --help)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] == "board")
{
    return await Crm.Bench.Board.BoardCommand.RunAsync(args[1..], RepoRoot());
}
if (args[0] == "suggest")
{
    return await Crm.Bench.Suggest.SuggestCommand.RunAsync(args[1..], RepoRoot());
}
if (args[0] == "tasks")
{
    return await Crm.Bench.Tasks.TasksCommand.RunAsync(args[1..], RepoRoot());
}
if (args[0] != "event-lag")
{
    Console.Error.WriteLine($"unknown benchmark: {args[0]}");
    Console.Error.WriteLine(Usage);
    return 2;
}

return await CommandLine.RunAsync(args[1..], Usage, ParseEventLag, o => o.OutputPath, EventLagBenchmark.RunAsync, Render.Table,
    r => r.HandlerFailures == 0);

static EventLagOptions ParseEventLag(string[] args)
{
    var server = CommandLine.DefaultServer;
    int events = 2000, publishers = 8, warmup = 1000, samples = 30, spacingMs = 450, timeoutS = 300;
    double rate = 50;
    string? output = null;
    var keep = CommandLine.Read(args, (name, value) =>
    {
        switch (name)
        {
            case "--pg": server = value; break;
            case "--events": events = CommandLine.Positive(name, value); break;
            case "--rate": rate = double.Parse(value, CultureInfo.InvariantCulture); break;
            case "--burst-publishers": publishers = CommandLine.Positive(name, value); break;
            case "--warmup": warmup = CommandLine.Positive(name, value); break;
            case "--redelivery-samples": samples = CommandLine.Positive(name, value); break;
            case "--redelivery-spacing-ms": spacingMs = CommandLine.Positive(name, value); break;
            case "--timeout-s": timeoutS = CommandLine.Positive(name, value); break;
            case "--out": output = value; break;
            default: return false;
        }
        return true;
    });
    if (rate <= 0)
    {
        throw new ArgumentException("--rate must be positive");
    }
    output ??= CommandLine.ResultPath(RepoRoot(), "event-lag");
    return new EventLagOptions(server, events, rate, publishers, warmup, samples,
        TimeSpan.FromMilliseconds(spacingMs), TimeSpan.FromSeconds(timeoutS), output, keep);
}

// The repository root (where Crm.Modular.sln is) above the working directory, else the working directory.
static string RepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Crm.Modular.sln")))
        {
            return dir.FullName;
        }
    }
    return Directory.GetCurrentDirectory();
}

internal static class Render
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Table(EventLagReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var pg = report.Meta.Postgres;
        var p = report.Parameters;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(inv, $"event-lag: commit returned -> handler ran, ms ({p.EventsPerPhase} events per phase; redelivery {p.RedeliverySamples})");
        sb.AppendLine(inv, $"{report.Meta.Cores} cores, {report.Meta.Runtime}, {report.Meta.Gc} GC; {pg.Version.Split(" on ")[0]}, fsync={pg.Fsync}, synchronous_commit={pg.SynchronousCommit}; PollInterval {p.PollIntervalMs / 1000:0.#} s");
        sb.AppendLine(inv, $"load average (1 min) before {report.Meta.LoadAverageBefore?.ToString("0.00", inv) ?? "?"}, after {report.Meta.LoadAverageAfter?.ToString("0.00", inv) ?? "?"}: other work on the machine skews every figure");
        sb.AppendLine();
        sb.AppendLine(inv, $"{"phase",-11} {"measure",-36} {"n",6} {"p50",9} {"p95",9} {"p99",9} {"max",9}");
        foreach (var phase in report.Phases)
        {
            foreach (var (handler, stats) in phase.HandlerLagMs)
            {
                Row(sb, phase.Phase, handler + " ran", stats);
            }
            Row(sb, phase.Phase, "delivered (all handlers committed)", phase.DeliveredLagMs);
        }
        sb.AppendLine();
        foreach (var phase in report.Phases)
        {
            sb.AppendLine(inv, $"{phase.Phase,-11} {phase.Mode}: published {phase.Events} in {phase.PublishSeconds:0.00} s ({phase.PublishedPerSecond:0}/s, command p50 {phase.CommandMs.P50:0.00} ms)");
        }
        var burst = report.Phases.FirstOrDefault(ph => ph.Phase == "burst");
        if (burst is not null)
        {
            sb.AppendLine(inv, $"burst throughput: {burst.Events} events delivered in {burst.DeliverySeconds:0.00} s from the first commit = {burst.DeliveredPerSecond:0} events/s ({burst.HandlerRunsPerSecond:0} handler runs/s); backlog of {burst.DrainedAfterLastCommit} drained at {burst.DrainPerSecond:0} events/s once publishing stopped");
        }
        var redelivery = report.Phases.FirstOrDefault(ph => ph.Phase == "redelivery");
        if (redelivery is not null)
        {
            sb.AppendLine(inv, $"redelivery (no signal): delivered after mean {redelivery.DeliveredLagMs.Mean / 1000:0.00} s, max {redelivery.DeliveredLagMs.Max / 1000:0.00} s; the job polls every {p.PollIntervalMs / 1000:0.#} s, so expect uniform 0..{p.PollIntervalMs / 1000:0.#} s");
        }
        sb.AppendLine(inv, $"handler failures: {report.HandlerFailures}");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string phase, string measure, Stats s) =>
        sb.AppendLine(CultureInfo.InvariantCulture, $"{phase,-11} {measure,-36} {s.Count,6} {s.P50,9:0.00} {s.P95,9:0.00} {s.P99,9:0.00} {s.Max,9:0.00}");
}
