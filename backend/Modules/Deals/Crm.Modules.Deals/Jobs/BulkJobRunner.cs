using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Features;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Deals.Jobs;

/// <summary>
/// Runs bulk change jobs a chunk at a time: the next deals of the job (from its committed progress) go
/// through BulkChangeDeals in a scope acting for the job's author, in their language, each deal in its own
/// transaction as that use case does; then the progress and report are committed. A worker stopped
/// mid-chunk leaves that chunk's progress uncommitted, so whoever runs the job next goes through the chunk
/// again: a deal already given or moved counts as unchanged, one already deleted as refused ("not found").
/// A cancel asked for is honoured before the next chunk.
/// </summary>
internal sealed class BulkJobRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptions<BulkJobOptions> options, ILogger<BulkJobRunner> logger)
{
    /// <summary>The job as a chunk finds it, with the chunk's deals (a class: Dapper hands an array to a property, not to a record's constructor).</summary>
    private sealed class State
    {
        public string Status { get; init; } = "";
        public string Command { get; init; } = "";
        public Guid[] Chunk { get; init; } = [];
        public int Processed { get; init; }
        public int Total { get; init; }
        public bool CancelRequested { get; init; }
        public Guid CreatedBy { get; init; }
        public string Role { get; init; } = "";
        public string Language { get; init; } = "";
    }

    /// <summary>Claims the oldest job that is waiting, or whose claim has lapsed; null when there is none.</summary>
    public async Task<Guid?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            update deals.bulk_jobs set status = 'running', lease_until = @Until, updated_at = @Now
            where id = (
                select id from deals.bulk_jobs
                where status in ('queued', 'running') and (lease_until is null or lease_until < @Now)
                order by created_at limit 1
                for update skip locked)
            returning id
            """,
            new { Now = now, Until = now + options.Value.Lease }, cancellationToken: ct));
    }

    /// <summary>Runs the job's chunks until it is done, cancelled or failed.</summary>
    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        try
        {
            while (await RunChunkAsync(id, ct))
            {
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Bulk change job {JobId} failed", id);
            await using var scope = scopes.CreateAsyncScope();
            var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(CancellationToken.None);
            await conn.ExecuteAsync(
                """
                update deals.bulk_jobs set status = 'failed', failure = @Failure, lease_until = null, finished_at = @Now, updated_at = @Now
                where id = @id and status in ('queued', 'running')
                """,
                new { id, Failure = e.GetType().Name, Now = clock.GetUtcNow() });
        }
    }

    /// <summary>One chunk; false when the job has ended.</summary>
    internal async Task<bool> RunChunkAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
        var state = await conn.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
            """
            select status as Status, command::text as Command, deal_ids[processed + 1 : processed + @Size] as Chunk, processed as Processed,
                   cardinality(deal_ids) as Total, cancel_requested as CancelRequested, created_by as CreatedBy, role as Role, language as Language
            from deals.bulk_jobs where id = @id
            """,
            new { id, Size = options.Value.ChunkSize }, cancellationToken: ct));
        if (state is not { Status: "running" })
        {
            return false;
        }
        var now = clock.GetUtcNow();
        if (state.CancelRequested || state.Processed >= state.Total)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                """
                update deals.bulk_jobs set status = @Status, lease_until = null, finished_at = @Now, updated_at = @Now
                where id = @id and status = 'running'
                """,
                new { id, Status = state.CancelRequested ? "cancelled" : "done", Now = now }, cancellationToken: ct));
            return false;
        }

        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(state.CreatedBy, state.Role);
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(state.Language);
        BulkChangeDeals.Result result;
        try
        {
            var change = JsonSerializer.Deserialize<BulkChangeDeals.Command>(state.Command, BulkJobs.Json)! with { Ids = state.Chunk };
            result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(change, ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
        var updated = await conn.ExecuteAsync(new CommandDefinition(
            """
            update deals.bulk_jobs set processed = processed + @Count, changed = changed + @Changed, unchanged = unchanged + @Unchanged,
                refused = refused || @Refused::jsonb, lease_until = @Until, updated_at = @Now
            where id = @id and processed = @Processed and status = 'running'
            """,
            new
            {
                id, Count = state.Chunk.Length, result.Changed, result.Unchanged, Refused = JsonSerializer.Serialize(result.Refused, BulkJobs.Json),
                Until = now + options.Value.Lease, Now = clock.GetUtcNow(), state.Processed,
            },
            cancellationToken: ct));
        return updated == 1;
    }
}
