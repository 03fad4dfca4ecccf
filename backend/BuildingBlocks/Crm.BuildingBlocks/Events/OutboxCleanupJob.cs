using Crm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Keeps the bus tables small: deletes events older than the retention none of whose deliveries is
/// left (handled: the inbox has them; a dead delivery keeps its event, with its payload, for an
/// admin), and their inbox rows. Runs on one instance at a time across the cluster.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class OutboxCleanupJob(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<BusOptions> options) : IJob
{
    public static readonly JobKey Key = new("outbox-cleanup", "bus");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var lease = await ClusterLock.TryTakeAsync(dataSource, "bus.outbox-cleanup", cancellationToken);
        if (lease is not null)
        {
            await CleanAsync(cancellationToken);
        }
    }

    public async Task<int> CleanAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            with old as (
                delete from bus.outbox o
                where o.created_at < @Before
                  and not exists (select 1 from bus.deliveries d where d.event_id = o.id)
                returning o.id
            ), inbox as (
                delete from bus.inbox i using old where i.event_id = old.id
            )
            select count(*)::int from old
            """,
            new { Before = clock.GetUtcNow() - options.Value.Retention },
            cancellationToken: ct));
    }
}
