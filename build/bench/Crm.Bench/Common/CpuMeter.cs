using System.Diagnostics;
using Npgsql;

namespace Crm.Bench;

/// <summary>CPU time (ms) spent between two readings by the host, by the benchmark database's server processes, and by this benchmark.</summary>
public sealed record CpuSpent(double HostMs, double PostgresMs, double BenchMs)
{
    public double TotalMs => HostMs + PostgresMs + BenchMs;

    /// <summary>Per one of <paramref name="calls"/>: what a call costs in CPU, whatever else ran on the machine meanwhile.</summary>
    public CpuSpent Per(int calls) => new(Math.Round(HostMs / calls, 2), Math.Round(PostgresMs / calls, 2), Math.Round(BenchMs / calls, 2));
}

/// <summary>
/// Reads the CPU time used so far by the host process, the server processes of the benchmark's database
/// (pg_stat_activity's pids, /proc/&lt;pid&gt;/stat) and this process: the difference between two readings is what
/// a scenario cost, in CPU, independent of how loaded the machine was (which only stretches the wall time). A server
/// process that ended between the readings is not counted; the host's pool keeps its connections, so few do.
/// Clock ticks are 10 ms: compare bursts of many calls, not single calls.
/// </summary>
internal sealed class CpuMeter(HostProcess host, NpgsqlDataSource db)
{
    public sealed record Reading(double HostMs, IReadOnlyDictionary<int, double> Backends, double BenchMs);

    public async Task<Reading> ReadAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var backends = await Machine.BackendsCpuMsAsync(conn, conn.Database);
        return new Reading(Machine.CpuMs(host.Pid), backends, Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds);
    }

    public static CpuSpent Between(Reading before, Reading after) => new(
        after.HostMs - before.HostMs,
        after.Backends.Sum(b => b.Value - before.Backends.GetValueOrDefault(b.Key)),
        Math.Round(after.BenchMs - before.BenchMs, 1));
}
