using System.Globalization;
using System.Text;

namespace Crm.Bench.Inbox;

/// <summary>The <c>inbox</c> command: options, the table on stdout and the JSON file.</summary>
public static class InboxCommand
{
    public const string Usage = """
        usage: Crm.Bench inbox [options]

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)      default .build/bench-app
          --port <n>                loopback port of the host              default 5098
          --scenarios <list>        which of board,accept,mail to run      default board,accept,mail
          --new <n>                 new requests in «Новые дилеры»        default 10000
          --other-new <n>           new requests in the other pipelines    default 1000
          --decided <n>             accepted or declined requests, all pipelines   default 90000
          --deals <n>               deals in «Новые дилеры» (open stages, not «Неразобранное»)  default 20000
          --other-deals <n>         deals in the other pipelines           default 20000
          --warmup <n>              calls before each measured scenario    default 30
          --calls <n>               measured calls per scenario            default 300
          --clients <n>             concurrent clients of the second round default 4
          --accepters <n>           managers accepting at once (each with an API token)  default 100
          --rounds <n>              rounds of each accept burst            default 3
          --pool <n>                the host's Maximum Pool Size           default the app's (four a core, 10 to 30)
          --mails <n>               mails put in the shared mailbox        default 1000
          --imap <host:port>        the IMAP server (plain, STARTTLS not required; any user, password test-pass)
                                    default $CRM_BENCH_IMAP or 127.0.0.1:10443
          --mail-timeout <s>        how long to wait for the mails to be taken     default 300
          --seed <n>                random seed of the data                default 42
          --out <file>              JSON results   default build/bench/results/inbox-<date>.json
          --keep-db                 do not drop the benchmark database (for EXPLAIN afterwards)
        """;

    private static readonly string[] AllScenarios = ["board", "accept", "mail"];

    public static Task<int> RunAsync(string[] args, string repoRoot) =>
        CommandLine.RunAsync(args, Usage, a => Parse(a, repoRoot), o => o.OutputPath, InboxBenchmark.RunAsync, Table, r => r.Checks.All(c => c.Passed));

    private static InboxOptions Parse(string[] args, string repoRoot) => CommandLine.Read(args, o =>
    {
        var server = o.Server();
        var app = o.App(repoRoot);
        var port = o.Positive("--port", 5098);
        var scenarios = o.Value("--scenarios", AllScenarios, (_, value) => CommandLine.Scenarios(value, AllScenarios));
        int fresh = o.Positive("--new", 10_000), otherNew = o.Positive("--other-new", 1_000), decided = o.Positive("--decided", 90_000),
            deals = o.Positive("--deals", 20_000), otherDeals = o.Positive("--other-deals", 20_000), warmup = o.Positive("--warmup", 30),
            calls = o.Positive("--calls", 300), clients = o.Positive("--clients", 4), accepters = o.Positive("--accepters", 100), rounds = o.Positive("--rounds", 3);
        var pool = o.Positive("--pool");
        var mails = o.Positive("--mails", 1_000);
        var imap = o.Text("--imap", Environment.GetEnvironmentVariable("CRM_BENCH_IMAP") is { Length: > 0 } env ? env : "127.0.0.1:10443");
        var colon = imap.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(imap[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var imapPort))
        {
            throw new ArgumentException($"--imap must be host:port, not '{imap}'");
        }
        return new InboxOptions(server, app, port, scenarios, fresh, otherNew, decided, deals, otherDeals, warmup, calls, clients, accepters, rounds,
            pool, mails, imap[..colon], imapPort, TimeSpan.FromSeconds(o.Positive("--mail-timeout", 300)), o.Positive("--seed", 42), o.Output(repoRoot, "inbox"),
            o.KeepDatabase);
    });

    public static string Table(InboxReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var p = report.Parameters;
        var sb = new StringBuilder();
        sb.AppendLine();
        var l = report.Load;
        sb.AppendLine(inv, $"inbox: {l.NewTarget} new requests in «Новые дилеры» (+{l.NewOther} new elsewhere, {l.Accepted} accepted and {l.Declined} declined in {l.Pipelines} pipelines), {l.Deals} deals; {p.Calls} calls per row after {p.WarmupCalls} warm-up, ms");
        ScenarioTable.Append(sb, report.Meta, p.Host, report.Scenarios, 12);
        foreach (var s in report.Scenarios.DistinctBy(s => s.Scenario))
        {
            sb.AppendLine(inv, $"{s.Scenario,-12} {s.What}");
        }
        sb.AppendLine(inv, $"load: requests {l.RequestsSeconds:0.0} s, deals {l.DealsSeconds:0.0} s, vacuum analyze {l.AnalyzeSeconds:0.0} s; inbox.requests {l.RequestsTableSize}, {l.AllVisible}");
        if (report.Column is { } c)
        {
            sb.AppendLine(inv, $"column check: first page {c.Items} requests, total {c.Total}, {c.Bytes} bytes; {c.Pages} further pages walked");
        }
        if (report.Accepts is { } a)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"accept: {a.Accepters} managers, each with an API token, released at once; {a.Rounds.Max(r => r.Round)} rounds; the host's pool: {a.MaxPoolSize}");
            sb.AppendLine(inv, $"  filing the requests first, one at a time: POST /api/inbox/requests client p50 {a.FileClientMs.P50:0.0}, p95 {a.FileClientMs.P95:0.0}, p99 {a.FileClientMs.P99:0.0} ms; server p50 {Ms(a.FileServerMs?.P50)}, p95 {Ms(a.FileServerMs?.P95)}");
            sb.AppendLine(inv, $"  {a.OneAtATimeClientMs.Count} accepts one at a time: client p50 {a.OneAtATimeClientMs.P50:0.0}, p95 {a.OneAtATimeClientMs.P95:0.0}, max {a.OneAtATimeClientMs.Max:0.0} ms; server p50 {Ms(a.OneAtATimeServerMs?.P50)}, p95 {Ms(a.OneAtATimeServerMs?.P95)}");
            sb.AppendLine(inv, $"{"burst",-10} {"round",5} {"answers",-22} {"span ms",8} | {"client p50",10} {"p95",7} {"p99",7} {"max",7} | {"server p50",10} {"p95",7} {"p99",7} {"max",7} | {"deals ms",8} {"conns",5}");
            foreach (var r in a.Rounds)
            {
                sb.AppendLine(inv, $"{r.Burst,-10} {r.Round,5} {Answers(r.Answers),-22} {r.SpanMs,8:0.0} | {r.ClientMs.P50,10:0.0} {r.ClientMs.P95,7:0.0} {r.ClientMs.P99,7:0.0} {r.ClientMs.Max,7:0.0} | {Ms(r.ServerMs?.P50),10} {Ms(r.ServerMs?.P95),7} {Ms(r.ServerMs?.P99),7} {Ms(r.ServerMs?.Max),7} | {Ms(r.AllDealsMs),8} {r.ServerConnections,5}");
            }
            foreach (var (burst, stats) in a.Pooled)
            {
                sb.AppendLine(inv, $"{burst,-10} {"all",5} {stats.Count,5} calls              | {stats.P50,10:0.0} {stats.P95,7:0.0} {stats.P99,7:0.0} {stats.Max,7:0.0} |");
            }
            sb.AppendLine(inv, $"  CPU per accept, ms (host + PostgreSQL + this benchmark): one at a time, until the bus is drained {Cpu(a.OneAtATimeCpuPerAccept)}");
            foreach (var r in a.Rounds)
            {
                sb.AppendLine(inv, $"  {r.Burst,-10} round {r.Round}: until the last answer {Cpu(r.CpuPerAcceptAnswered)}; until the bus is drained {Cpu(r.CpuPerAcceptDrained)}");
            }
            sb.AppendLine(inv, $"different = each manager its own request; same = all of them one request (409 = taken); span = first send to last answer; deals = from the release until every accepted request's deal is in deals.deals; conns = client backends on the server right after the burst (max_connections {report.Meta.Postgres.MaxConnections})");
        }
        if (report.Mail is { } m)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"mail: {m.Mails} mails ({m.ExpectedRequests} new threads, {m.ExpectedReplies} replies, {m.Html} with HTML ({m.HtmlOnly} HTML only), {m.WithAttachments} with {m.Attachments} attachments, {m.LegacyCharset} in windows-1251/koi8-r, {m.Bytes / 1024} KB) appended in {m.AppendSeconds:0.0} s to {m.Server} as {m.User}");
            sb.AppendLine(inv, $"  mailbox created (POST {m.CreateMs:0} ms) → first mail taken after {Sec(m.FirstTakenSeconds)} s, all {m.Taken} after {Sec(m.AllTakenSeconds)} s: {m.MailsPerSecond:0.0} mails/s from the first, {m.MailsPerSecondFromCreate:0.0} from the POST; {m.Commits} page commits seen");
            sb.AppendLine(inv, $"  rows: {m.MailRows} mails ({m.RequestRows} requests, {m.ReplyRows} replies), {m.AttachmentRows} attachments, {m.RegionRequests} requests with a region; mailbox state {m.MailboxState}, mailsTaken {m.MailsTakenApi}");
        }
        ScenarioTable.AppendOutcome(sb, report.Targets, report.Checks, report.HostErrors, report.HostWarnings, report.HostRssMb);
        return sb.ToString();
    }

    private static string Cpu(CpuSpent c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.HostMs:0.00} + {c.PostgresMs:0.00} + {c.BenchMs:0.00} = {c.TotalMs:0.00}");

    private static string Answers(IReadOnlyDictionary<int, int> answers) => string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key} × {a.Value}"));

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string Sec(double? s) => s is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
