using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crm.Bench.Suggest;

/// <summary>The <c>suggest</c> command: options, the table on stdout and the JSON file.</summary>
public static class SuggestCommand
{
    public const string Usage = """
        usage: Crm.Bench suggest [options]

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)      default .build/bench-app
          --port <n>                loopback port of the host              default 5092
          --companies <n>           companies loaded                       default 300000
          --contacts <n>            contacts loaded                        default 600000
          --warmup <n>              calls before each measured row         default 30
          --calls <n>               measured calls per row                 default 300
          --clients <n>             concurrent clients of the second round default 4
          --limit <n>               limit= of every call (1-20)            default 8 (the API's default)
          --seed <n>                random seed of the data                default 42
          --out <file>              JSON results   default build/bench/results/suggest-<date>.json
          --keep-db                 do not drop the benchmark database (for EXPLAIN ANALYZE afterwards)
        """;

    public static Task<int> RunAsync(string[] args, string repoRoot) =>
        CommandLine.RunAsync(args, Usage, a => Parse(a, repoRoot), o => o.OutputPath, SuggestBenchmark.RunAsync, Table,
            r => r.Results.Sum(s => s.Failures) == 0 && r.SampleCheck.Identical);

    private static SuggestOptions Parse(string[] args, string repoRoot) => CommandLine.Read(args, o =>
    {
        var options = new SuggestOptions(
            o.Server(), o.App(repoRoot), o.Positive("--port", 5092), o.Positive("--companies", 300_000), o.Positive("--contacts", 600_000),
            o.Positive("--warmup", 30), o.Positive("--calls", 300), o.Positive("--clients", 4), o.Positive("--limit", 8), o.Positive("--seed", 42),
            o.Output(repoRoot, "suggest"), o.KeepDatabase);
        return options.Limit <= 20 ? options : throw new ArgumentException("--limit must be 1 to 20 (the API's range)");
    });

    public static string Table(SuggestReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = report.Meta;
        var pg = m.Postgres;
        var p = report.Parameters;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(inv, $"suggest: {p.Contacts} contacts, {p.Companies} companies; GET /api/directory/suggest?q=…&limit={p.Limit}[&kind=…], {p.Calls} calls per row after {p.WarmupCalls} warm-up, ms");
        sb.AppendLine(inv, $"{m.Cores} cores, {m.Os}; host: {p.Host}");
        sb.AppendLine(inv, $"{pg.Version}, fsync={pg.Fsync}, synchronous_commit={pg.SynchronousCommit}, shared_buffers={pg.SharedBuffers}, work_mem={pg.WorkMem}, jit={pg.Jit}");
        sb.AppendLine(inv, $"load average (1 min) before {m.LoadAverageBefore?.ToString("0.00", inv) ?? "?"}, after {m.LoadAverageAfter?.ToString("0.00", inv) ?? "?"} ({m.LoadAveragesAfter}); git {m.GitCommit ?? "?"}");
        sb.AppendLine(inv, $"client = HTTP call on loopback (send to last byte read); server = the host's own request line (Crm.Requests); ret = suggestions returned (companies); matches = live records matching q (of that kind)");
        sb.AppendLine();
        sb.AppendLine(inv, $"{"query",-13} {"q",-12} {"kind",-7} {"cl",2} {"calls/s",7} | {"client p50",10} {"p95",6} {"p99",6} {"max",6} | {"server p50",10} {"p95",6} {"p99",6} {"max",6} | {"fail",4} {"ret",6} {"matches",8}");
        foreach (var s in report.Results)
        {
            var c = s.ClientMs;
            var v = s.ServerMs;
            var flag = v is { P95: > 50 } ? " <- p95 over 50 ms" : "";
            sb.AppendLine(inv,
                $"{s.Query,-13} {s.Q,-12} {s.Kind ?? "-",-7} {s.Clients,2} {s.CallsPerSecond,7:0.0} | {c.P50,10:0.0} {c.P95,6:0.0} {c.P99,6:0.0} {c.Max,6:0.0} | {F(v?.P50),10} {F(v?.P95),6} {F(v?.P99),6} {F(v?.Max),6} | {s.Failures,4} {$"{s.Returned} ({s.ReturnedCompanies})",6} {s.Matches,8}{flag}");
        }
        sb.AppendLine();
        foreach (var q in report.Queries)
        {
            sb.AppendLine(inv, $"{q.Name,-13} {q.Q,-12} {q.What}");
        }
        var l = report.Load;
        sb.AppendLine(inv, $"load: {l.Companies} companies ({l.CompaniesWithTaxId} with a tax id, {l.CompanyPhones} phones, {l.CompanyEmails} e-mails), {l.Contacts} contacts ({l.ContactsWithCompany} in a company, {l.ContactsDeleted} deleted, {l.ContactPhones} phones, {l.ContactEmails} e-mails, {l.RareSurnameContacts} with the rare surname)");
        sb.AppendLine(inv, $"      rows {l.LoadSeconds:0.0} s, indexes {l.IndexSeconds:0.0} s, vacuum analyze {l.AnalyzeSeconds:0.0} s; {string.Join(", ", l.Sizes.Select(s => $"{s.Key} {s.Value}"))}");
        sb.AppendLine(inv, $"sample check (a loaded company and contact vs the same data created through the API): {(report.SampleCheck.Identical ? "identical" : "DIFFERENT, see the JSON")}");
        if (p.KeptDatabase is not null)
        {
            sb.AppendLine(inv, $"kept database: {p.KeptDatabase}");
        }
        return sb.ToString();

        static string F(double? ms) => ms is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
    }
}
