using System.Globalization;
using System.Text;

namespace Crm.Bench.Messaging;

/// <summary>The <c>messaging</c> command: options, the table on stdout and the JSON file.</summary>
public static class MessagingCommand
{
    public const string Usage = """
        usage: Crm.Bench messaging [options]

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)      default .build/bench-app
          --port <n>                loopback port of the host              default 5099
          --scenarios <list>        which of feed,unread,chat to run       default feed,unread,chat
          --users <n>               managers (each with an API token)      default 50
          --feed-entries <n>        entries in messaging.feed_entries      default 5000000
          --cards <n>               cards they are spread over (deals, companies, contacts)  default 100000
          --deal-entries <n>        entries of the deal whose feed is measured   default 5000
          --messages <n>            chat messages in all                   default 1000000
          --channels <n>            channels they are spread over (the reader is in all)   default 50
          --warmup <n>              calls before each measured scenario    default 30
          --calls <n>               measured calls per scenario            default 300
          --clients <n>             concurrent clients of the second round default 4
          --chat-messages <n>       messages sent while another user listens, per channel kind   default 500
          --chat-rate <n>           of them per second (open loop)         default 20
          --seed <n>                random seed of the data                default 42
          --out <file>              JSON results   default build/bench/results/messaging-<date>.json
          --keep-db                 do not drop the benchmark database (for EXPLAIN afterwards)
        """;

    private static readonly string[] AllScenarios = ["feed", "unread", "chat"];

    public static Task<int> RunAsync(string[] args, string repoRoot) =>
        CommandLine.RunAsync(args, Usage, a => Parse(a, repoRoot), o => o.OutputPath, MessagingBenchmark.RunAsync, Table, r => r.Checks.All(c => c.Passed));

    private static MessagingOptions Parse(string[] args, string repoRoot) => CommandLine.Read(args, o =>
    {
        var options = new MessagingOptions(
            o.Server(), o.App(repoRoot), o.Positive("--port", 5099), o.Value("--scenarios", AllScenarios, (_, value) => CommandLine.Scenarios(value, AllScenarios)),
            o.Positive("--users", 50), o.Positive("--feed-entries", 5_000_000), o.Positive("--cards", 100_000), o.Positive("--deal-entries", 5_000),
            o.Positive("--messages", 1_000_000), o.Positive("--channels", 50), o.Positive("--warmup", 30), o.Positive("--calls", 300), o.Positive("--clients", 4),
            o.Positive("--chat-messages", 500), o.Positive("--chat-rate", 20), o.Positive("--seed", 42), o.Output(repoRoot, "messaging"), o.KeepDatabase);
        if (options.Users < 2)
        {
            throw new ArgumentException("--users: at least 2 (one writes, another listens)");
        }
        return options.DealEntries <= options.FeedEntries ? options : throw new ArgumentException("--deal-entries cannot exceed --feed-entries");
    });

    public static string Table(MessagingReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var p = report.Parameters;
        var sb = new StringBuilder();
        sb.AppendLine();
        var l = report.Load;
        sb.AppendLine(inv, $"messaging: {l.FeedEntries:N0} feed entries over {l.Cards:N0} cards (the measured deal: {l.DealEntries:N0}); {l.Messages:N0} chat messages in {l.Channels} channels; {p.Users} managers; {p.Calls} calls per row after {p.WarmupCalls} warm-up, ms");
        ScenarioTable.Append(sb, report.Meta, p.Host, report.Scenarios, 14);
        foreach (var s in report.Scenarios.DistinctBy(s => s.Scenario))
        {
            sb.AppendLine(inv, $"{s.Scenario,-14} {s.What}");
        }
        sb.AppendLine(inv, $"load: feed {l.FeedSeconds:0.0} s, chat {l.ChatSeconds:0.0} s, vacuum analyze {l.AnalyzeSeconds:0.0} s; messaging.feed_entries {l.FeedTableSize}, messaging.messages {l.MessagesTableSize}");
        foreach (var d in report.Deliveries)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"chat delivery, {d.Channel}: {d.Sent} messages at {d.Rate}/s by one manager, heard by another over SignalR (WebSockets); the channel's audience {d.Audience}");
            var h = d.HeardMs;
            sb.AppendLine(inv, $"  send → heard: p50 {h?.P50:0.0}, p95 {h?.P95:0.0}, p99 {h?.P99:0.0}, max {h?.Max:0.0} ms; the POST's own answer: p50 {d.PostMs.P50:0.0}, p99 {d.PostMs.P99:0.0} ms; {d.Heard} heard, {d.Missing} never heard, {d.Failed} POSTs failed");
        }
        ScenarioTable.AppendOutcome(sb, report.Targets, report.Checks, report.HostErrors, report.HostWarnings, report.HostRssMb);
        return sb.ToString();
    }
}
