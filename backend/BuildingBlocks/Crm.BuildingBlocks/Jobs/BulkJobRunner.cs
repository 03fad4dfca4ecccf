using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.BuildingBlocks.Jobs;

/// <summary>
/// Settings of a module's bulk job worker (<c>{Module}:BulkJobs</c>): whether this instance runs the jobs, how many
/// records go through at a time (the progress is committed after each chunk), how long a claim on a job lasts
/// without progress (another instance takes over a job whose worker died), and how often to look for work when
/// not woken.
/// </summary>
public sealed class BulkJobOptions
{
    public bool Worker { get; set; } = true;

    public int ChunkSize { get; set; } = 50;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Runs a module's bulk jobs (<see cref="BulkJobs"/>) a chunk at a time: the next ids of the job (from its committed
/// progress) go through <see cref="RunChunkAsync(IServiceProvider, string, Guid[], CancellationToken)"/> in a scope
/// acting for the job's author, in their language; then the progress and report are committed. With
/// <see cref="OneTransaction"/> the chunk's work and its progress commit together, so a worker stopped mid-chunk
/// leaves nothing of it and no record is done twice; without, each record commits on its own (as the module's
/// single change does) and a chunk cut off is gone through again, which the module's action must take (a deal
/// already moved is unchanged). A cancel asked for is honoured before the next chunk.
/// </summary>
public abstract class BulkJobRunner(IServiceScopeFactory scopes, TimeProvider clock, BulkJobOptions options, ILogger logger)
    : IQueuedJobRunner
{
    /// <summary>The schema whose <c>bulk_jobs</c> this runner works through.</summary>
    protected abstract string Schema { get; }

    /// <summary>Whether a chunk's work and its progress are one transaction.</summary>
    protected abstract bool OneTransaction { get; }

    public bool Enabled => options.Worker;

    public TimeSpan PollInterval => options.PollInterval;

    /// <summary>Does the job's action (its command as JSON) to the chunk's records, acting for its author.</summary>
    protected abstract Task<BulkResult> RunChunkAsync(IServiceProvider services, string command, Guid[] ids, CancellationToken ct);

    /// <summary>The job as a chunk finds it, with the chunk's ids (a class: Dapper hands an array to a property, not to a record's constructor).</summary>
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
    public Task<Guid?> ClaimAsync(CancellationToken ct) => JobLeases.ClaimAsync(scopes, $"{Schema}.bulk_jobs", options.Lease, clock, ct);

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
            logger.LogError(e, "Bulk job {JobId} of {Schema} failed", id, Schema);
            await using var scope = scopes.CreateAsyncScope();
            var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(CancellationToken.None);
            await conn.ExecuteAsync(
                $"""
                update {Schema}.bulk_jobs set status = 'failed', failure = @Failure, lease_until = null, finished_at = @Now, updated_at = @Now
                where id = @id and status in ('queued', 'running')
                """,
                new { id, Failure = e.GetType().Name, Now = clock.GetUtcNow() });
        }
    }

    /// <summary>One chunk; false when the job has ended (or, should its progress have moved under this worker, when another has it).</summary>
    public async Task<bool> RunChunkAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        if (!OneTransaction)
        {
            return await ChunkAsync(scope.ServiceProvider, await db.ConnectionAsync(ct), id, ct) is Outcome.More;
        }
        await db.BeginAsync(ct);
        try
        {
            var outcome = await ChunkAsync(scope.ServiceProvider, await db.ConnectionAsync(ct), id, ct);
            if (outcome is Outcome.Lost)
            {
                // the chunk's work must not stay: its progress belongs to whoever moved it
                await db.RollbackAsync(CancellationToken.None);
                return false;
            }
            await db.CommitAsync(ct);
            await AfterCommitActions.RunAsync(db.TakeAfterCommit(), logger);
            return outcome is Outcome.More;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private enum Outcome { More, Ended, Lost }

    private async Task<Outcome> ChunkAsync(IServiceProvider services, NpgsqlConnection conn, Guid id, CancellationToken ct)
    {
        // locked for the chunk when it is one transaction: a second worker on the same job waits here, then sees the new progress
        var state = await conn.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
            $"""
            select status as Status, command::text as Command, ids[processed + 1 : processed + @Size] as Chunk, processed as Processed,
                   cardinality(ids) as Total, cancel_requested as CancelRequested, created_by as CreatedBy, role as Role, language as Language
            from {Schema}.bulk_jobs where id = @id for no key update
            """,
            new { id, Size = options.ChunkSize }, cancellationToken: ct));
        if (state is not { Status: "running" })
        {
            return Outcome.Ended;
        }
        var now = clock.GetUtcNow();
        if (state.CancelRequested || state.Processed >= state.Total)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                $"""
                update {Schema}.bulk_jobs set status = @Status, lease_until = null, finished_at = @Now, updated_at = @Now
                where id = @id and status = 'running'
                """,
                new { id, Status = state.CancelRequested ? "cancelled" : "done", Now = now }, cancellationToken: ct));
            return Outcome.Ended;
        }

        services.GetRequiredService<CurrentUser>().ActAs(state.CreatedBy, state.Role);
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(state.Language);
        BulkResult result;
        try
        {
            result = await RunChunkAsync(services, state.Command, state.Chunk, ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
        var updated = await conn.ExecuteAsync(new CommandDefinition(
            $"""
            update {Schema}.bulk_jobs set processed = processed + @Count, changed = changed + @Changed, unchanged = unchanged + @Unchanged,
                refused = refused || @Refused::jsonb, lease_until = @Until, updated_at = @Now
            where id = @id and processed = @Processed and status = 'running'
            """,
            new
            {
                id, Count = state.Chunk.Length, result.Changed, result.Unchanged, Refused = JsonSerializer.Serialize(result.Refused, BulkJobs.Json),
                Until = now + options.Lease, Now = clock.GetUtcNow(), state.Processed,
            },
            cancellationToken: ct));
        return updated == 1 ? Outcome.More : Outcome.Lost;
    }
}

public static class BulkJobServices
{
    /// <summary>
    /// Registers a module's bulk job runner, its signal (a new job pokes it) and its worker; the settings come from
    /// <c>{module}:BulkJobs</c> and reach the runner as <see cref="BulkJobOptions"/> named <paramref name="module"/>.
    /// </summary>
    public static IServiceCollection AddBulkJobs<TRunner>(this IServiceCollection services, string module, IConfiguration configuration)
        where TRunner : BulkJobRunner
    {
        services.Configure<BulkJobOptions>(module, configuration.GetSection($"{module}:BulkJobs"));
        services.AddSingleton<WorkSignal<TRunner>>();
        services.AddSingleton<TRunner>();
        services.AddHostedService<QueuedJobWorker<TRunner>>();
        return services;
    }
}
