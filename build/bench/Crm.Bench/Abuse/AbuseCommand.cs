using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Crm.Bench.Board;

namespace Crm.Bench.Abuse;

public sealed record AbuseOptions(
    string[] Scenarios, string Server, string AppDir, int Port, string AdminEmail, string AdminPassword,
    int Attempts, int Concurrency, int Bodies, int BodyMegabytes, string OutputPath, bool KeepDatabase)
{
    /// <summary>What goes into the JSON: no connection string, directory or password.</summary>
    public AbuseOptions Public() => this with { Server = "", AppDir = "", AdminPassword = "" };
}

/// <summary>
/// The <c>abuse</c> command (issue 10): the abuse limits as shipped, measured from the client's side, each scenario on a
/// fresh database and host. Prints a table, writes build/bench/results/abuse[-&lt;scenario&gt;]-&lt;date&gt;.json, and exits
/// 1 when an expectation of the design fails (a 5xx other than the hashing gate's 503, a 413 missing, the account's owner
/// or a trusted IP refused, more tokens than the limit), never on a time.
/// </summary>
public static class AbuseCommand
{
    public static readonly string[] Scenarios = [BodiesScenario.Name, OneIpScenario.Name, ManyIpsScenario.Name, UnknownEmailsScenario.Name, TokensScenario.Name];

    public const string Usage = """
        usage: Crm.Bench abuse [bodies|one-ip|many-ips|unknown-emails|tokens] [options]     (no scenario: all five)

          bodies          anonymous sign-ins with a huge password at once: 413 each, the host's RSS before/after/max
          one-ip          wrong sign-ins to one account from one IP: 401 vs 429; the owner from another IP still signs in
          many-ips        wrong sign-ins to the admin, each from its own IP: 401 vs 429; a trusted IP still signs in
          unknown-emails  sign-ins with unknown e-mails from many IPs (the hashing gate): 401/429/503, and a user's GETs meanwhile
          tokens          one user creates API tokens until refused: how many before the 429

        The host runs with the shipped limits (none lifted, unlike the other benchmarks) and trusts a proxy on
        127.0.0.1, so each request names its client IP in X-Forwarded-For.

          --pg <connection string>  PostgreSQL server (no database; one is created and dropped per scenario)
                                    default: $CRM_BENCH_PG or Host=127.0.0.1;Port=55434;Username=postgres
          --app <dir>               the published host (Crm.Host.dll)          default .build/bench-app
          --port <n>                loopback port of the host                   default 5097
          --admin-email <e>         the seeded admin (CRM_ADMIN_EMAIL)          default bench-admin@crm.local
          --admin-password <p>      its password (CRM_ADMIN_PASSWORD)           default as the other bench commands
          --attempts <n>            sign-ins per burst (one-ip, many-ips, unknown-emails)   default 200
          --concurrency <n>         of them in flight at once                   default 20
          --bodies <n>              bodies: sign-ins at once, declared and again chunked     default 10
          --body-mb <n>             bodies: the password's size in MB           default 28 (under Kestrel's own 30 MB)
          --out <file>              JSON results   default build/bench/results/abuse[-<scenario>]-<date>.json
          --keep-db                 do not drop the scenarios' databases
        """;

    public static Task<int> RunAsync(string[] args, string repoRoot)
    {
        var named = args.Length > 0 && !args[0].StartsWith('-') && args[0] != "help";
        if (named && !Scenarios.Contains(args[0]))
        {
            Console.Error.WriteLine($"unknown scenario: {args[0]}");
            Console.Error.WriteLine(Usage);
            return Task.FromResult(2);
        }
        string[] scenarios = named ? [args[0]] : Scenarios;
        return CommandLine.RunAsync(named ? args[1..] : args, Usage, a => Parse(a, repoRoot, scenarios), o => o.OutputPath, RunAllAsync, Table, r => r.Passed);
    }

    private static AbuseOptions Parse(string[] args, string repoRoot, string[] scenarios) => CommandLine.Read(args, o => new AbuseOptions(
        scenarios, o.Server(), o.App(repoRoot), o.Positive("--port", 5097), o.Text("--admin-email", BoardBenchmark.AdminEmail),
        o.Text("--admin-password", BoardBenchmark.AdminPassword), o.Positive("--attempts", 200), o.Positive("--concurrency", 20), o.Positive("--bodies", 10),
        o.Positive("--body-mb", 28), o.Output(repoRoot, scenarios.Length == 1 ? $"abuse-{scenarios[0]}" : "abuse"), o.KeepDatabase));

    private static async Task<AbuseReport> RunAllAsync(AbuseOptions o, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(o.Server, ct);
        var limits = LimitsInForce.Shipped();
        var reports = new List<ScenarioReport>();
        foreach (var scenario in o.Scenarios)
        {
            var report = scenario switch
            {
                BodiesScenario.Name => await BodiesScenario.RunAsync(o, ct),
                OneIpScenario.Name => await OneIpScenario.RunAsync(o, limits, ct),
                ManyIpsScenario.Name => await ManyIpsScenario.RunAsync(o, limits, ct),
                UnknownEmailsScenario.Name => await UnknownEmailsScenario.RunAsync(o, limits, ct),
                _ => await TokensScenario.RunAsync(o, limits, ct),
            };
            Console.Error.WriteLine($"[abuse {scenario}] {Answers.Text(report.Answers)}; {(report.Passed ? "passed" : "FAILED")}");
            reports.Add(report);
        }
        var meta = new AbuseMeta(
            started, Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"), Environment.MachineName, Environment.ProcessorCount,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, server, loadBefore, Machine.LoadAverage(),
            Math.Round((DateTimeOffset.UtcNow - started).TotalMinutes, 1),
            $"Release, published (dotnet publish -c Release), Production, the shipped appsettings.json and limits; {string.Join(", ", AbuseRun.HostSettings.Select(s => $"{s.Key}={s.Value}"))}");
        return new AbuseReport(meta, o.Public(), limits, [.. reports]);
    }

    /// <summary>The first warning the app itself logged (a database 503 says why there); the framework's start-up notes are left to the JSON.</summary>
    private static string AppWarning(string[] warnings) =>
        warnings.FirstOrDefault(w => w.Contains("\"Category\":\"Crm.", StringComparison.Ordinal)) is { } w ? $"; the app's first warning: {Answers.Shorten(w)}" : "";

    public static string Table(AbuseReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = r.Meta;
        var l = r.Limits;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(inv, $"abuse: the shipped limits from the client's side ({string.Join(", ", r.Scenarios.Select(s => s.Name))})");
        sb.AppendLine(inv, $"{m.Cores} cores, {m.Os}; {m.Minutes:0.0} min; host: {m.Host}");
        sb.AppendLine(inv, $"{m.Postgres.Version}, fsync={m.Postgres.Fsync}, max_connections={m.Postgres.MaxConnections}; load average (1 min) before {m.LoadAverageBefore?.ToString("0.00", inv) ?? "?"}, after {m.LoadAverageAfter?.ToString("0.00", inv) ?? "?"}; git {m.GitCommit ?? "?"}");
        sb.AppendLine(inv, $"limits: sign-in {l.SignInPerMinute}/min per IP; {l.SignInFreeFailures} free failures per (account, IP), then {l.SignInFirstDelaySeconds:0} s doubling; {l.SignInAccountFailuresPerMinute} failures/min per account; tokens {l.ApiTokensPerHour}/h per user; hashing {l.PasswordHashingConcurrency} at once + {l.PasswordHashingQueue} queued; anonymous body {l.AnonymousBodyBytes / 1024} KB");
        foreach (var s in r.Scenarios)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"{s.Name}: {s.What}");
            sb.AppendLine(inv, $"  answers: {Answers.Text(s.Answers)}; burst {s.BurstSeconds:0.00} s, client ms p50 {s.BurstClientMs.P50:0.0}, p95 {s.BurstClientMs.P95:0.0}, max {s.BurstClientMs.Max:0.0}{(s.RetryAfter is { } ra ? $"; Retry-After {ra.Min}–{ra.Max} s" : "")}");
            foreach (var figure in s.Figures)
            {
                sb.AppendLine(inv, $"  {figure}");
            }
            foreach (var check in s.Checks)
            {
                sb.AppendLine(inv, $"  [{(check.Passed ? "ok" : "FAILED")}] {check.What}: {check.Seen}");
            }
            sb.AppendLine(inv, $"  load average {s.LoadAverageBefore?.ToString("0.00", inv) ?? "?"} → {s.LoadAverageAfter?.ToString("0.00", inv) ?? "?"}; {s.Seconds:0} s with the host's start; host errors logged: {s.HostErrors.Length}{AppWarning(s.HostWarnings)}");
        }
        sb.AppendLine();
        sb.AppendLine(inv, $"{"scenario",-15} {"answers",-40} {"burst s",8}  verdict");
        foreach (var s in r.Scenarios)
        {
            sb.AppendLine(inv, $"{s.Name,-15} {Answers.Text(s.Answers),-40} {s.BurstSeconds,8:0.00}  {(s.Passed ? "passed" : "FAILED")}");
        }
        sb.Append(r.Passed ? "PASSED" : "FAILED");
        return sb.ToString();
    }
}
