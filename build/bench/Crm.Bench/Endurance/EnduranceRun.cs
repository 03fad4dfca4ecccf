using System.Runtime.InteropServices;
using Npgsql;

namespace Crm.Bench.Endurance;

public sealed record EnduranceMeta(
    DateTimeOffset RanAt, string? GitCommit, string Machine, int Cores, string Os, string BenchRuntime, PgSettings Postgres,
    double? LoadAverageBefore, double? LoadAverageAfter, double Minutes, string Host);

/// <summary>
/// One scenario's fresh database on the benchmark cluster and the hosts started on it (the published Crm.Host,
/// Production, as in "board"). Disposing stops every host still running (SIGTERM) and drops the database unless
/// --keep-db.
/// </summary>
internal sealed class EnduranceRun : IAsyncDisposable
{
    private readonly EnduranceOptions options;
    private readonly string connectionString;
    private readonly PgSettings server;
    private readonly double? loadBefore;
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly List<HostProcess> hosts = [];

    private EnduranceRun(EnduranceOptions options, string database, string connectionString, PgSettings server, double? loadBefore)
    {
        this.options = options;
        this.connectionString = connectionString;
        this.server = server;
        this.loadBefore = loadBefore;
        Database = database;
        Db = NpgsqlDataSource.Create(connectionString);
    }

    public string Database { get; }

    public NpgsqlDataSource Db { get; }

    public static async Task<EnduranceRun> CreateAsync(EnduranceOptions o, string scenario, CancellationToken ct)
    {
        var database = $"crm_endurance_{scenario}_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(o.Server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(o.Server, ct);
        await Machine.ExecuteOnServerAsync(o.Server, $"create database {database}", ct);
        Console.Error.WriteLine($"[{scenario}] database {database}; host {o.AppDir}/Crm.Host.dll; load average {loadBefore}");
        return new EnduranceRun(o, database, connectionString, server, loadBefore);
    }

    /// <summary>Starts a host on <paramref name="port"/> and waits for /health/ready (migrations and the seed on a first start).</summary>
    public async Task<HostProcess> StartHostAsync(int port, CancellationToken ct)
    {
        var host = HostProcess.Start(options.AppDir, port, connectionString, options.AdminEmail, options.AdminPassword);
        hosts.Add(host);
        await host.WaitReadyAsync(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromMinutes(3), ct);
        return host;
    }

    /// <summary>What every host started so far logged at Error or Critical (the first 20 of each), to tell why a call got a 5xx.</summary>
    public string[] HostErrors() => [.. hosts.SelectMany(h => h.Errors()).Take(40)];

    public EnduranceMeta Meta() => new(
        started,
        Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"),
        Environment.MachineName,
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        server,
        loadBefore,
        Machine.LoadAverage(),
        Math.Round((DateTimeOffset.UtcNow - started).TotalMinutes, 1),
        "Release, published (dotnet publish -c Release), Production environment, the shipped appsettings.json");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts.Where(h => !h.HasExited))
        {
            await host.StopAsync();
        }
        await Db.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (options.KeepDatabase)
        {
            Console.Error.WriteLine($"[endurance] kept database {Database}");
        }
        else
        {
            await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {Database} with (force)", CancellationToken.None);
        }
    }
}
