using System.Globalization;
using System.Text;
using Crm.Bench.Board;

namespace Crm.Bench;

/// <summary>The part of the board's and the tasks' stdout tables they share: the machine, and a row per scenario.</summary>
internal static class ScenarioTable
{
    public static void Append(StringBuilder sb, BoardMeta m, string host, IEnumerable<ScenarioResult> scenarios, int nameWidth)
    {
        var inv = CultureInfo.InvariantCulture;
        var pg = m.Postgres;
        sb.AppendLine(inv, $"{m.Cores} cores, {m.Os}; host: {host}");
        sb.AppendLine(inv, $"{pg.Version}, fsync={pg.Fsync}, synchronous_commit={pg.SynchronousCommit}, shared_buffers={pg.SharedBuffers}, work_mem={pg.WorkMem}, jit={pg.Jit}");
        sb.AppendLine(inv, $"load average (1 min) before {m.LoadAverageBefore?.ToString("0.00", inv) ?? "?"}, after {m.LoadAverageAfter?.ToString("0.00", inv) ?? "?"}; git {m.GitCommit ?? "?"}");
        sb.AppendLine(inv, $"client = HTTP call on loopback (send to last byte read); server = the host's own request line (Crm.Requests)");
        sb.AppendLine();
        sb.AppendLine(inv, $"{"scenario".PadRight(nameWidth)} {"clients",7} {"calls/s",8} | {"client p50",10} {"p95",7} {"p99",7} {"max",7} | {"server p50",10} {"p95",7} {"p99",7} {"max",7} | {"fail",4} {"bytes",7}");
        foreach (var s in scenarios)
        {
            var c = s.ClientMs;
            var v = s.ServerMs;
            sb.AppendLine(inv,
                $"{s.Scenario.PadRight(nameWidth)} {s.Clients,7} {s.CallsPerSecond,8:0.0} | {c.P50,10:0.0} {c.P95,7:0.0} {c.P99,7:0.0} {c.Max,7:0.0} | {Ms(v?.P50),10} {Ms(v?.P95),7} {Ms(v?.P99),7} {Ms(v?.Max),7} | {s.Failures,4} {s.ResponseBytes,7}");
        }
        sb.AppendLine();
    }

    /// <summary>The end of a report: the issue's targets (met or missed, never failed on), the checks, and what the host logged.</summary>
    public static void AppendOutcome(StringBuilder sb, Target[] targets, Check[] checks, string[] hostErrors, string[] hostWarnings, double hostRssMb)
    {
        var inv = CultureInfo.InvariantCulture;
        if (targets.Length > 0)
        {
            sb.AppendLine();
            foreach (var t in targets)
            {
                sb.AppendLine(inv, $"target {t.What}: {t.Seen} → {(t.Met ? "met" : "MISSED")}");
            }
        }
        sb.AppendLine();
        foreach (var check in checks)
        {
            sb.AppendLine(inv, $"[{(check.Passed ? "ok" : "FAILED")}] {check.What}: {check.Seen}");
        }
        sb.AppendLine(inv, $"host: {hostErrors.Length} error lines, {hostWarnings.Length} warnings logged; RSS at the end {hostRssMb:0.0} MB");
        foreach (var line in hostErrors.Take(3).Concat(hostWarnings.Where(w => !w.Contains("WebRootPath", StringComparison.Ordinal)
                     && !w.Contains("No XML encryptor", StringComparison.Ordinal)).Take(5)))
        {
            sb.AppendLine("  " + (line.Length > 400 ? line[..400] + "…" : line));
        }
    }

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
