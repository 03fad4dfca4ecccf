using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Jobs;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.BuildingBlocks.Tables;

/// <summary>An import as a batch sees it: its progress, its mapping, who started it and as what, and the batch's time.</summary>
public sealed record ImportJob(Guid Id, string Mapping, int TotalRows, int ProcessedRows, Guid CreatedBy, bool Supervisor, DateTimeOffset Now);

/// <summary>What a batch made of its rows: the refused ones with their reasons, and what to add to the import's counters (column → count).</summary>
public sealed record ImportBatchResult(IReadOnlyList<ImportReject> Rejects, IReadOnlyDictionary<string, int> Counts);

/// <summary>The upload as read once per run: its headers and its rows (blank ones left out, as <c>total_rows</c> counts them).</summary>
public sealed record ImportFile(IReadOnlyList<string> Headers, IReadOnlyList<TableRow> Rows);

/// <summary>
/// Settings of a module's import worker (<c>{Module}:Imports</c>): whether this instance runs imports, how many rows
/// go in one transaction (with the progress that covers them), how long a claim on an import lasts without a commit
/// (another instance takes over an import whose worker died), and how often to look for work when not woken.
/// </summary>
public sealed class ImportJobOptions
{
    public bool Worker { get; set; } = true;

    /// <summary>Rows per batch; each module gives its default (<see cref="ImportJobServices.AddImportJobs{TRunner}"/>).</summary>
    public int BatchSize { get; set; } = 1_000;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Runs a module's imports (its <c>{schema}.imports</c>: status, content, encoding, mapping, total_rows, processed_rows,
/// rejected_count, cancel_requested, lease_until, created_by, supervisor, failure, finished_at; ADR 0010) a batch at a
/// time. The file is read once per run, each batch taken from where the last one stopped. Each batch is one
/// transaction: the import's row locked, its progress read, the module's rows saved (<see cref="SaveBatchAsync"/>, its
/// own rules and events), the refused rows and the new progress written, all committed together. A worker stopped
/// mid-batch leaves nothing of it; whoever runs the import next (this instance after a restart, or another once the
/// claim has lapsed) starts from the committed progress, so no row is saved twice. A cancel is honoured at the next batch.
/// </summary>
public abstract partial class ImportJobRunner(IServiceScopeFactory scopes, TimeProvider clock, ImportJobOptions options, ILogger logger)
    : IQueuedJobRunner
{
    /// <summary>The module's schema, which holds its imports.</summary>
    protected abstract string Schema { get; }

    public bool Enabled => options.Worker;

    public TimeSpan PollInterval => options.PollInterval;

    /// <summary>Saves the batch's rows by the module's rules, in the batch's transaction (<paramref name="services"/>: its scope).</summary>
    protected abstract Task<ImportBatchResult> SaveBatchAsync(
        IServiceProvider services, NpgsqlConnection conn, ImportJob job, IReadOnlyList<string> headers, IReadOnlyList<TableRow> rows,
        CancellationToken ct);

    /// <summary>Claims the oldest import that is waiting, or whose claim has lapsed; null when there is none (<see cref="JobLeases"/>).</summary>
    public Task<Guid?> ClaimAsync(CancellationToken ct) => JobLeases.ClaimAsync(scopes, Imports, options.Lease, clock, ct);

    /// <summary>Runs the import's batches until it is done, cancelled or failed.</summary>
    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        ImportFile? file = null;
        try
        {
            while (await RunBatchAsync(id, () => file, f => file = f, ct))
            {
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Import {ImportId} of {Schema} failed", id, Schema);
            await using var scope = scopes.CreateAsyncScope();
            var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(CancellationToken.None);
            await conn.ExecuteAsync(
                $"""
                update {Imports} set status = 'failed', failure = @Failure, content = null, lease_until = null,
                    finished_at = @Now, updated_at = @Now
                where id = @id and status in ('queued', 'running')
                """,
                new { id, Failure = e is FieldValidationException v ? v.Message : e.GetType().Name, Now = clock.GetUtcNow() });
        }
    }

    private string Imports => SchemaName().IsMatch(Schema) ? $"{Schema}.imports" : throw new InvalidOperationException($"'{Schema}' is not a schema name.");

    /// <summary>One batch in one transaction; false when the import has ended.</summary>
    private async Task<bool> RunBatchAsync(Guid id, Func<ImportFile?> cached, Action<ImportFile> cache, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.BeginAsync(ct);
        try
        {
            var conn = await db.ConnectionAsync(ct);
            var more = await BatchAsync(scope.ServiceProvider, conn, id, cached, cache, ct);
            await db.CommitAsync(ct);
            return more;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private sealed record State(string Status, string Mapping, int TotalRows, int ProcessedRows, bool CancelRequested, Guid CreatedBy, bool Supervisor);

    private async Task<bool> BatchAsync(
        IServiceProvider services, NpgsqlConnection conn, Guid id, Func<ImportFile?> cached, Action<ImportFile> cache, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var state = await conn.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
            $"""
            select status as Status, mapping::text as Mapping, total_rows as TotalRows, processed_rows as ProcessedRows,
                cancel_requested as CancelRequested, created_by as CreatedBy, supervisor as Supervisor
            from {Imports} where id = @id for no key update
            """,
            new { id }, cancellationToken: ct));
        if (state is null || state.Status is not ("queued" or "running"))
        {
            return false;
        }
        if (state.CancelRequested || state.ProcessedRows >= state.TotalRows)
        {
            await conn.ExecuteAsync(
                $"""
                update {Imports} set status = @Status, content = null, lease_until = null, finished_at = @now, updated_at = @now
                where id = @id
                """,
                new { id, now, Status = state.CancelRequested ? "cancelled" : "done" });
            return false;
        }
        var file = cached();
        if (file is null)
        {
            var upload = await conn.QuerySingleAsync<(byte[] Content, string? Encoding)>(new CommandDefinition(
                $"select content, encoding from {Imports} where id = @id", new { id }, cancellationToken: ct));
            var table = TableFile.Open(upload.Content, upload.Encoding);
            file = new ImportFile(table.Headers, table.Rows().ToList());
            cache(file);
        }
        var rows = file.Rows.Skip(state.ProcessedRows).Take(options.BatchSize).ToList();
        var job = new ImportJob(id, state.Mapping, state.TotalRows, state.ProcessedRows, state.CreatedBy, state.Supervisor, now);
        var result = await SaveBatchAsync(services, conn, job, file.Headers, rows, ct);
        await ImportReports.WriteAsync(conn, Schema, id, result.Rejects, ct);
        // The rows read may be fewer than counted at the start only if blank rows were dropped: the import ends there.
        var processed = rows.Count < options.BatchSize ? state.TotalRows : state.ProcessedRows + rows.Count;
        var counts = result.Counts.Append(new("rejected_count", result.Rejects.Count)).ToList();
        if (counts.Any(c => !ColumnName().IsMatch(c.Key)))
        {
            throw new InvalidOperationException("A counter is not a column name.");
        }
        var parameters = new DynamicParameters(new { id, processed, Until = now + options.Lease, now });
        for (var i = 0; i < counts.Count; i++)
        {
            parameters.Add($"c{i}", counts[i].Value);
        }
        await conn.ExecuteAsync(new CommandDefinition(
            $"""
            update {Imports}
            set processed_rows = @processed, {string.Join(", ", counts.Select((c, i) => $"{c.Key} = {c.Key} + @c{i}"))},
                status = 'running', lease_until = @Until, updated_at = @now
            where id = @id
            """,
            parameters, cancellationToken: ct));
        return true;
    }

    [GeneratedRegex("^[a-z_]+$")]
    private static partial Regex SchemaName();

    [GeneratedRegex("^[a-z_]+_count$")]
    private static partial Regex ColumnName();
}

public static class ImportJobServices
{
    /// <summary>
    /// Registers a module's import runner, its signal (a started import pokes it) and its worker; the settings come from
    /// <c>{module}:Imports</c>, <paramref name="batchSize"/> rows a batch unless they say otherwise, and reach the runner
    /// as <see cref="ImportJobOptions"/> named <paramref name="module"/>.
    /// </summary>
    public static IServiceCollection AddImportJobs<TRunner>(this IServiceCollection services, string module, IConfiguration configuration, int batchSize)
        where TRunner : ImportJobRunner
    {
        services.AddOptions<ImportJobOptions>(module)
            .Configure(o => o.BatchSize = batchSize)
            .Bind(configuration.GetSection($"{module}:Imports"));
        services.AddSingleton<WorkSignal<TRunner>>();
        services.AddSingleton<TRunner>();
        services.AddHostedService<QueuedJobWorker<TRunner>>();
        return services;
    }
}
