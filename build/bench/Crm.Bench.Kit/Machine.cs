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
