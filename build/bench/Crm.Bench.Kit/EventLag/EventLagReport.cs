using System.Globalization;
using System.Text;

namespace Crm.Bench.EventLag;

public sealed record EventLagMeta(
    DateTimeOffset RanAt, string? GitCommit, string Machine, int Cores, string Os, string Runtime, string Gc, PgSettings Postgres,
    double? LoadAverageBefore, double? LoadAverageAfter);

public sealed record PhaseResult(
    string Phase,
    int Events,
    double PublishSeconds,
    double PublishedPerSecond,
    Stats CommandMs,
    Dictionary<string, Stats> SubscriberLagMs,
    Stats AllSubscribersLagMs,
    Stats BoardPushLagMs,
    double DeliverySeconds,
    double DeliveredPerSecond,
    int DrainedAfterLastCommit,
    double DrainPerSecond,
    long Duplicates);

public sealed record EventLagReport(
    EventLagMeta Meta, string Bus, string BusDescription, EventLagOptions Parameters, PhaseResult[] Phases, long Failures)
{
    /// <summary>A run is sound when nothing failed and nothing was delivered twice; the times are for reading, not for passing.</summary>
    public bool Sound => Failures == 0 && Phases.All(p => p.Duplicates == 0);

    public string Table()
    {
        var inv = CultureInfo.InvariantCulture;
        var pg = Meta.Postgres;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(inv, $"event-lag [{Bus}]: commit returned -> subscriber ran, ms");
        sb.AppendLine(inv, $"{BusDescription}");
        sb.AppendLine(inv, $"{Meta.Cores} cores, {Meta.Runtime}, {Meta.Gc} GC; {pg.Version}, fsync={pg.Fsync}, synchronous_commit={pg.SynchronousCommit}");
        sb.AppendLine(inv, $"load average (1 min) before {Meta.LoadAverageBefore?.ToString("0.00", inv) ?? "?"}, after {Meta.LoadAverageAfter?.ToString("0.00", inv) ?? "?"}: other work on the machine skews every figure");
        sb.AppendLine();
        sb.AppendLine(inv, $"{"phase",-7} {"measure",-34} {"n",6} {"p50",9} {"p95",9} {"p99",9} {"max",9}");
        foreach (var phase in Phases)
        {
            foreach (var (table, stats) in phase.SubscriberLagMs)
            {
                Row(sb, phase.Phase, table + " written", stats);
            }
            Row(sb, phase.Phase, "all three written", phase.AllSubscribersLagMs);
            Row(sb, phase.Phase, "board push sent (DealMoved)", phase.BoardPushLagMs);
        }
        sb.AppendLine();
        foreach (var phase in Phases)
        {
            sb.AppendLine(inv, $"{phase.Phase,-7} published {phase.Events} in {phase.PublishSeconds:0.00} s ({phase.PublishedPerSecond:0}/s, command p50 {phase.CommandMs.P50:0.00} ms, p99 {phase.CommandMs.P99:0.00} ms); delivered {phase.DeliveredPerSecond:0} events/s from the first commit; duplicates {phase.Duplicates}");
        }
        var burst = Phases.FirstOrDefault(ph => ph.Phase == "burst");
        if (burst is not null)
        {
            sb.AppendLine(inv, $"burst: backlog of {burst.DrainedAfterLastCommit} events drained at {burst.DrainPerSecond:0} events/s ({burst.DrainPerSecond * 3:0} subscriber runs/s) once publishing stopped");
        }
        sb.AppendLine(inv, $"failed deliveries: {Failures}");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string phase, string measure, Stats s) =>
        sb.AppendLine(CultureInfo.InvariantCulture, $"{phase,-7} {measure,-34} {s.Count,6} {s.P50,9:0.00} {s.P95,9:0.00} {s.P99,9:0.00} {s.Max,9:0.00}");
}
