using Crm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Crm.Modules.Deals.Jobs;

/// <summary>
/// Keeps deals.task_facts to the tasks that can still matter: deletes the facts of tasks closed
/// (completed or deleted) longer ago than <see cref="TaskFactsOptions.Retention"/>, in batches of
/// <see cref="TaskFactsOptions.BatchSize"/>, each its own statement. A closed fact never opens
/// again, so a batch needs no lock beyond its rows; several instances running it at once only
/// share the work.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class TaskFactsCleanupJob(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<TaskFactsOptions> options) : IJob
{
    public static readonly JobKey Key = new("task-facts-cleanup", "deals");

    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    /// <summary>One instance at a time across the cluster runs a pass; the others skip theirs.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var lease = await ClusterLock.TryTakeAsync(dataSource, "deals.task-facts-cleanup", cancellationToken);
        if (lease is not null)
        {
            await CleanAsync(cancellationToken);
        }
    }

    /// <summary>One pass; returns how many facts were deleted.</summary>
    public async Task<int> CleanAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - options.Value.Retention;
        var batch = options.Value.BatchSize;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var total = 0;
        int deleted;
        do
        {
            deleted = await conn.ExecuteAsync(new CommandDefinition(
                """
                delete from deals.task_facts
                where id in (
                    select id from deals.task_facts where status <> 'open' and closed_at < @before order by closed_at limit @batch)
                  and status <> 'open' and closed_at < @before
                """,
                new { before, batch },
                cancellationToken: ct));
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }
}
