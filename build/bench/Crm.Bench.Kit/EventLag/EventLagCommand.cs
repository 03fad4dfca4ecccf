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

    private static EventLagOptions Parse(string[] args, string repoRoot, string busName)
    {
        var server = CommandLine.DefaultServer;
        int steady = 2000, burst = 10_000, publishers = 8, moveMs = 50, warmup = 1000, timeoutS = 300;
        double rate = 200;
        string? output = null;
        var keep = CommandLine.Read(args, (name, value) =>
        {
            switch (name)
            {
                case "--pg": server = value; break;
                case "--steady-events": steady = CommandLine.Positive(name, value); break;
                case "--rate": rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--burst-events": burst = CommandLine.Positive(name, value); break;
                case "--burst-publishers": publishers = CommandLine.Positive(name, value); break;
                case "--move-interval-ms": moveMs = CommandLine.Positive(name, value); break;
                case "--warmup": warmup = CommandLine.Positive(name, value); break;
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
        output ??= CommandLine.ResultPath(repoRoot, $"event-lag-{busName}");
        return new EventLagOptions(server, steady, rate, burst, publishers, TimeSpan.FromMilliseconds(moveMs), warmup,
            TimeSpan.FromSeconds(timeoutS), output, keep);
    }

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
