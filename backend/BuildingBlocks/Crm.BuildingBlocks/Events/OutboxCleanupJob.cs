using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Keeps the bus tables small: deletes delivered events older than the retention, with their
/// inbox rows. Only delivered events go, so nothing can be redelivered after its inbox row is gone;
/// an event a handler gave up on (dead) stays, with its payload, until someone deals with it.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class OutboxCleanupJob(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<BusOptions> options) : IJob
{
    public static readonly JobKey Key = new("outbox-cleanup", "bus");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await CleanAsync(cancellationToken);

    public async Task<int> CleanAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            with old as (
                delete from bus.outbox o
                where o.processed_at < @Before
                  and not exists (select 1 from bus.failures f where f.event_id = o.id and f.dead)
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
