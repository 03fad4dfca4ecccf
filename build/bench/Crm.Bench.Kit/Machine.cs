using System.Globalization;
using Dapper;
using Npgsql;

namespace Crm.Bench;

public sealed record PgSettings(
    string Version, string Fsync, string SynchronousCommit, string FullPageWrites, string SharedBuffers, string WorkMem,
    string EffectiveCacheSize, string Jit, int MaxConnections);

public static class Machine
{
    /// <summary>The 1-minute load average (Linux): other work on the machine skews every figure.</summary>
    public static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// CPU time a process has used so far (user + system, /proc/&lt;pid&gt;/stat, in clock ticks of 10 ms), in ms;
    /// 0 for a process that is gone. The difference over a scenario is its CPU cost, whatever else runs.
    /// </summary>
    public static double CpuMs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // after "pid (comm) ": state is field 3 of the man page, utime 14 and stime 15
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>CPU time (ms) used so far by the server processes serving <paramref name="database"/> (their pids from pg_stat_activity).</summary>
    public static async Task<Dictionary<int, double>> BackendsCpuMsAsync(NpgsqlConnection conn, string database)
    {
        var pids = await conn.QueryAsync<int>("select pid from pg_stat_activity where datname = @database and pid <> pg_backend_pid()", new { database });
        return pids.ToDictionary(p => p, CpuMs);
    }

    public static async Task ExecuteOnServerAsync(string server, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
    }

    public static async Task<PgSettings> ServerInfoAsync(string server, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        var s = (await conn.QueryAsync<(string, string)>(new CommandDefinition(
            """
            select name, current_setting(name) from (values ('server_version'), ('fsync'), ('synchronous_commit'), ('full_page_writes'),
                ('shared_buffers'), ('work_mem'), ('effective_cache_size'), ('jit'), ('max_connections')) v(name)
            """, cancellationToken: ct))).ToDictionary(r => r.Item1, r => r.Item2);
        return new PgSettings("PostgreSQL " + s["server_version"], s["fsync"], s["synchronous_commit"], s["full_page_writes"],
            s["shared_buffers"], s["work_mem"], s["effective_cache_size"], s["jit"], int.Parse(s["max_connections"], CultureInfo.InvariantCulture));
    }
}
