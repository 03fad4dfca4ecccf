using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// Opens the pool's first connections when the instance starts (<c>Database:MinPoolSize</c>, none by default, see
/// <see cref="ConnectionPool"/>), all at once, so that the first burst of requests finds them open: a connection
/// opened during a burst costs the server a new backend on the same cores (bench inbox: the first 100 accepts after
/// a start took 514 ms with none kept, 105 with 30).
/// The pool keeps them open afterwards, however long the instance is idle. A database that does not answer is only
/// logged here: the requests open their connections as before.
/// </summary>
internal sealed class PoolWarmUp(NpgsqlDataSource dataSource, ILogger<PoolWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var count = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MinPoolSize;
        var opened = new List<NpgsqlConnection>(count);
        try
        {
            var opening = Enumerable.Range(0, count).Select(async _ =>
            {
                var conn = await dataSource.OpenConnectionAsync(cancellationToken);
                lock (opened)
                {
                    opened.Add(conn);
                }
                await conn.ExecuteAsync(new CommandDefinition("select 1", cancellationToken: cancellationToken));
            });
            await Task.WhenAll(opening);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(ex, "Opening the pool's first {Count} connections failed; requests open them as they come", count);
        }
        finally
        {
            foreach (var conn in opened)
            {
                await conn.DisposeAsync();
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
