using Crm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Crm.Modules.Directory.Jobs;

/// <summary>
/// Keeps Directory's facts to what can still matter, in batches of <see cref="FactsOptions.BatchSize"/>
/// (each its own statement, re-checking its condition on the locked row):
/// <list type="bullet">
/// <item>task facts closed (completed or deleted) longer ago than <see cref="FactsOptions.Retention"/>:
/// a newer event of a completed task (a merge moving it) says it is completed, so it never counts
/// the task as open again;</item>
/// <item>deal facts of deals deleted longer ago than the retention;</item>
/// <item>company and contact counts at zero: a missing row means nothing open, and the record's
/// <c>idle</c> flag is already true. A count written meanwhile waits for the delete, then inserts a
/// new row.</item>
/// </list>
/// Several instances running it at once only share the work.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class FactsCleanupJob(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<FactsOptions> options) : IJob
{
    public static readonly JobKey Key = new("facts-cleanup", "directory");

    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    /// <summary>How many rows one pass deleted from each table.</summary>
    public sealed record Result(int TaskFacts, int DealFacts, int CompanyCounts, int ContactCounts);

    /// <summary>One instance at a time across the cluster runs a pass; the others skip theirs.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var lease = await ClusterLock.TryTakeAsync(dataSource, "directory.facts-cleanup", cancellationToken);
        if (lease is not null)
        {
            await CleanAsync(cancellationToken);
        }
    }

    public async Task<Result> CleanAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - options.Value.Retention;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var taskFacts = await DeleteFinalAsync(conn, before, """
            delete from directory.task_facts
            where id in (
                select id from directory.task_facts
                where status <> 'open' and closed_at < @before
                order by closed_at limit @batch)
              and status <> 'open' and closed_at < @before
            """, ct);
        var dealFacts = await DeleteFinalAsync(conn, before, """
            delete from directory.deal_facts
            where deal_id in (
                select deal_id from directory.deal_facts where deleted and deleted_at < @before order by deleted_at limit @batch)
              and deleted and deleted_at < @before
            """, ct);
        var companyCounts = await DeleteZerosAsync(conn, """
            with batch as (
                select company_id from directory.company_facts
                where company_id > @after and open_deal_count = 0 and open_task_count = 0
                order by company_id limit @batch
            ), gone as (
                delete from directory.company_facts f using batch b
                where f.company_id = b.company_id and f.open_deal_count = 0 and f.open_task_count = 0
                returning 1
            )
            select (select count(*) from batch)::int as Seen, (select count(*) from gone)::int as Deleted,
                (select company_id from batch order by company_id desc limit 1) as Last
            """, ct);
        var contactCounts = await DeleteZerosAsync(conn, """
            with batch as (
                select contact_id from directory.contact_facts
                where contact_id > @after and open_task_count = 0
                order by contact_id limit @batch
            ), gone as (
                delete from directory.contact_facts f using batch b
                where f.contact_id = b.contact_id and f.open_task_count = 0
                returning 1
            )
            select (select count(*) from batch)::int as Seen, (select count(*) from gone)::int as Deleted,
                (select contact_id from batch order by contact_id desc limit 1) as Last
            """, ct);
        return new Result(taskFacts, dealFacts, companyCounts, contactCounts);
    }

    private async Task<int> DeleteFinalAsync(NpgsqlConnection conn, DateTimeOffset before, string sql, CancellationToken ct)
    {
        var batch = options.Value.BatchSize;
        var total = 0;
        int deleted;
        do
        {
            deleted = await conn.ExecuteAsync(new CommandDefinition(sql, new { before, batch }, cancellationToken: ct));
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }

    /// <summary>Walks the table in key order, a batch at a time, so rows kept are read once.</summary>
    private async Task<int> DeleteZerosAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        var batch = options.Value.BatchSize;
        var after = Guid.Empty;
        var total = 0;
        while (true)
        {
            var step = await conn.QuerySingleAsync<(int Seen, int Deleted, Guid? Last)>(
                new CommandDefinition(sql, new { after, batch }, cancellationToken: ct));
            total += step.Deleted;
            if (step.Seen < batch || step.Last is not { } last)
            {
                return total;
            }
            after = last;
        }
    }
}
