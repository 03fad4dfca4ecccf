using System.Diagnostics;
using Npgsql;

namespace Crm.Bench.Abuse;

/// <summary>
/// One scenario's fresh database on the benchmark cluster and the published host on it with the shipped limits: the
/// limiter's counts are in the host's memory and the sign-in attempts in its database, so no scenario sees another's.
/// Disposing stops the host (SIGTERM) and drops the database unless --keep-db.
/// </summary>
internal sealed class AbuseRun : IAsyncDisposable
{
    /// <summary>
    /// The shipped settings (no <see cref="HostProcess.LoadGeneratorSettings"/>) and one more: the host trusts a proxy on
    /// loopback, so the X-Forwarded-For of each request is its client IP, as behind a reverse proxy in production.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> HostSettings = new Dictionary<string, string>
    {
        ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
    };

    private readonly AbuseOptions options;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private HostProcess? host;

    private AbuseRun(AbuseOptions options, string scenario, string database, string connectionString, double? loadBefore)
    {
        this.options = options;
        Scenario = scenario;
        Database = database;
        ConnectionString = connectionString;
        LoadBefore = loadBefore;
        BaseAddress = new Uri($"http://127.0.0.1:{options.Port}/");
    }

    public string Scenario { get; }

    public string Database { get; }

    public string ConnectionString { get; }

    public double? LoadBefore { get; }

    public Uri BaseAddress { get; }

    public HostProcess Host => host ?? throw new InvalidOperationException("the host is not started");

    /// <summary>Creates the database, starts the host on it and waits for /health/ready (migrations and the seeded admin).</summary>
    public static async Task<AbuseRun> StartAsync(AbuseOptions o, string scenario, CancellationToken ct)
    {
        var database = $"crm_abuse_{scenario.Replace('-', '_')}_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(o.Server) { Database = database }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        await Machine.ExecuteOnServerAsync(o.Server, $"create database {database}", ct);
        Console.Error.WriteLine($"[abuse {scenario}] database {database}; host {o.AppDir}/Crm.Host.dll on port {o.Port}; load average {loadBefore}");
        var run = new AbuseRun(o, scenario, database, connectionString, loadBefore);
        run.host = HostProcess.Start(o.AppDir, o.Port, connectionString, o.AdminEmail, o.AdminPassword, HostSettings);
        await run.host.WaitReadyAsync(run.BaseAddress, TimeSpan.FromMinutes(3), ct);
        return run;
    }

    public double Seconds => Math.Round(clock.Elapsed.TotalSeconds, 1);

    /// <summary>The scenario's report: its answers, checks and figures with the run's facts.</summary>
    public ScenarioReport Report(string what, Outcome[] burst, double burstSeconds, Check[] checks, string[] figures, RssFigures? rss = null, GetFigures? gets = null) =>
        new(Scenario, what, Database, Seconds, LoadBefore, Machine.LoadAverage(), Answers.Of(burst), Math.Round(burstSeconds, 2),
            Stats.Of(burst.Select(b => b.Ms)), RetryAfterRange.Of(burst), checks, figures, rss, gets, [.. Host.Errors()], [.. Host.Warnings()]);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
        }
        NpgsqlConnection.ClearAllPools();
        if (options.KeepDatabase)
        {
            Console.Error.WriteLine($"[abuse {Scenario}] kept database {Database}");
        }
        else
        {
            await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {Database} with (force)", CancellationToken.None);
        }
    }
}
