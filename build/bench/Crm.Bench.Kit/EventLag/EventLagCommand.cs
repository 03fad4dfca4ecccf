using System.Globalization;

namespace Crm.Bench.EventLag;

/// <summary>The event-lag command line, the same for every bus: `&lt;program&gt; event-lag [options]`.</summary>
public static class EventLagCommand
{
    public const string Usage = """
        usage: <bench program> event-lag [options]

          --pg <connection string>   PostgreSQL server (no database; one is created and dropped)
                                     default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --steady-events <n>        events of the steady phase                    default 2000
          --rate <per second>        publish rate of the steady phase              default 200
          --burst-events <n>         events of the burst phase                     default 10000
          --burst-publishers <n>     concurrent publishers of the burst            default 8
          --move-interval-ms <n>     a board move (DealMoved) every ... throughout default 50
          --warmup <n>               events published (and ignored) first          default 1000
          --timeout-s <n>            give up on a phase's delivery after           default 300
          --out <file>               JSON results  default build/bench/results/event-lag-<bus>-<date>.json
          --keep-db                  do not drop the benchmark database
        """;

    /// <summary>Exit code 0 when the run was sound (no failed or duplicate delivery), 1 when not, 2 on a bad option.</summary>
    public static Task<int> RunAsync(string[] args, string repoRoot, IBusUnderTest bus) =>
        CommandLine.RunAsync(args, Usage, a => Parse(a, repoRoot, bus.Name), o => o.OutputPath,
            (o, ct) => EventLagBenchmark.RunAsync(bus, o, ct), r => r.Table(), r => r.Sound);

    private static EventLagOptions Parse(string[] args, string repoRoot, string busName) => CommandLine.Read(args, o => new EventLagOptions(
        o.Server(), o.Positive("--steady-events", 2000), o.Value("--rate", 200.0, Rate), o.Positive("--burst-events", 10_000),
        o.Positive("--burst-publishers", 8), TimeSpan.FromMilliseconds(o.Positive("--move-interval-ms", 50)), o.Positive("--warmup", 1000),
        TimeSpan.FromSeconds(o.Positive("--timeout-s", 300)), o.Output(repoRoot, $"event-lag-{busName}"), o.KeepDatabase));

    private static double Rate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : throw new ArgumentException($"{name} must be positive");

    /// <summary>The repository root (where Crm.Modular.sln is) above the working directory, else the working directory.</summary>
    public static string RepoRoot()
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
}
