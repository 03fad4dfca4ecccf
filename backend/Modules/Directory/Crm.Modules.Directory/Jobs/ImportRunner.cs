using System.Text.Json;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Modules.Directory.Jobs;

/// <summary>
/// Runs imports a batch at a time. The file is read once per run (the upload's rows kept in memory, each batch
/// taken from where the last one stopped). Each batch is one transaction: the import's row locked, its progress
/// read (<c>processed_rows</c>: where the last commit left off), the next rows checked in memory
/// (<see cref="ImportRows.Errors"/>) and those that pass saved together by <see cref="ImportBatch"/> under one
/// savepoint; should the database refuse that, the batch's rows are saved again one at a time, each under its own
/// savepoint, so only the row at fault is refused. Then the refused rows and the new progress are written and
/// all is committed together. A worker stopped mid-batch leaves nothing of that batch; whoever runs the import
/// next (this instance after a restart, or another once the claim has lapsed) starts from the committed progress,
/// so no row is saved twice. A cancel asked for is honoured at the next batch.
/// </summary>
internal sealed class ImportRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ImportOptions> options, ILogger<ImportRunner> logger)
{
    private sealed record State(
        Guid Id, string List, string Status, string Mapping, string Duplicates, int TotalRows, int ProcessedRows,
        bool CancelRequested, Guid CreatedBy, bool Supervisor);

    /// <summary>The upload as read once: its headers and its rows (blank ones left out, as <c>total_rows</c> counts them).</summary>
    internal sealed record ImportFile(IReadOnlyList<string> Headers, IReadOnlyList<TableRow> Rows);

    /// <summary>
    /// Claims the oldest import that is waiting, or whose claim has lapsed; null when there is none. The row is locked
    /// <c>for no key update</c> here and by each batch (its key never changes): two workers exclude each other, while the
    /// key-share lock that writing a refused row takes on its import (the foreign key) does not hide the import.
    /// </summary>
    public async Task<Guid?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            update directory.imports set status = 'running', lease_until = @Until, updated_at = @Now
            where id = (
                select id from directory.imports
                where status in ('queued', 'running') and (lease_until is null or lease_until < @Now)
                order by created_at limit 1
                for no key update skip locked)
            returning id
            """,
            new { Now = now, Until = now + options.Value.Lease }, cancellationToken: ct));
    }

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
            logger.LogError(e, "Import {ImportId} failed", id);
            await using var scope = scopes.CreateAsyncScope();
            var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(CancellationToken.None);
            await conn.ExecuteAsync(
                """
                update directory.imports set status = 'failed', failure = @Failure, content = null, lease_until = null,
                    finished_at = @Now, updated_at = @Now
                where id = @id and status in ('queued', 'running')
                """,
                new { id, Failure = e is Crm.BuildingBlocks.Errors.FieldValidationException v ? v.Message : e.GetType().Name, Now = clock.GetUtcNow() });
        }
    }

    /// <summary>One batch in one transaction; false when the import has ended.</summary>
    internal async Task<bool> RunBatchAsync(Guid id, Func<ImportFile?> cached, Action<ImportFile> cache, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
        await db.BeginAsync(ct);
        try
        {
            var conn = await db.ConnectionAsync(ct);
            var more = await BatchAsync(conn, events, id, cached, cache, ct);
            await db.CommitAsync(ct);
            return more;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<bool> BatchAsync(
        NpgsqlConnection conn, IEventPublisher events, Guid id, Func<ImportFile?> cached, Action<ImportFile> cache, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var state = await conn.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
            """
            select id as Id, list as List, status as Status, mapping::text as Mapping,
                duplicates as Duplicates, total_rows as TotalRows, processed_rows as ProcessedRows, cancel_requested as CancelRequested,
                created_by as CreatedBy, supervisor as Supervisor
            from directory.imports where id = @id for no key update
            """,
            new { id }, cancellationToken: ct));
        if (state is null || state.Status is not ("queued" or "running"))
        {
            return false;
        }
        if (state.CancelRequested || state.ProcessedRows >= state.TotalRows)
        {
            await conn.ExecuteAsync(
                """
                update directory.imports set status = @Status, content = null, lease_until = null, finished_at = @now, updated_at = @now
                where id = @id
                """,
                new { id, now, Status = state.CancelRequested ? "cancelled" : "done" });
            return false;
        }
        var file = cached();
        if (file is null)
        {
            var upload = await conn.QuerySingleAsync<(byte[] Content, string? Encoding)>(new CommandDefinition(
                "select content, encoding from directory.imports where id = @id", new { id }, cancellationToken: ct));
            var table = TableFile.Open(upload.Content, upload.Encoding);
            file = new ImportFile(table.Headers, table.Rows().ToList());
            cache(file);
        }
        var mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(state.Mapping)!;
        var columns = ImportMapping.Resolve(ImportRows.FieldsOf(state.List), file.Headers, mapping).Columns
            ?? throw new InvalidOperationException("The import's mapping no longer fits its file.");
        var context = new ImportContext(state.List, state.Duplicates, state.CreatedBy, state.Supervisor, now);
        var rows = file.Rows.Skip(state.ProcessedRows).Take(options.Value.BatchSize)
            .Select(row => (Row: row, Values: ImportMapping.Values(columns, row.Cells)))
            .Select(r => (r.Row, r.Values, Errors: ImportRows.Errors(state.List, r.Values)))
            .ToList();
        var valid = rows.Select((r, i) => (r.Row.Number, r.Values, At: i)).Where(r => rows[r.At].Errors.Count == 0).ToList();
        var saved = await SaveAsync(conn, events, context, valid.Select(r => (r.Number, r.Values)).ToList(), ct);
        var outcomes = rows.Select(r => (Outcome: RowOutcome.Rejected, Reason: string.Join("; ", r.Errors))).ToArray();
        for (var i = 0; i < valid.Count; i++)
        {
            outcomes[valid[i].At] = (saved[i].Outcome, saved[i].Reason ?? "");
        }
        int created = outcomes.Count(o => o.Outcome == RowOutcome.Created), updated = outcomes.Count(o => o.Outcome == RowOutcome.Updated),
            skipped = outcomes.Count(o => o.Outcome == RowOutcome.Skipped), done = rows.Count;
        var rejects = rows.Zip(outcomes).Where(r => r.Second.Outcome == RowOutcome.Rejected)
            .Select(r => new ImportReject(r.First.Row.Number, r.Second.Reason, r.First.Row.Cells)).ToList();
        await ImportReports.WriteAsync(conn, "directory", id, rejects, ct);
        // The rows read may be fewer than counted at the start only if blank rows were dropped: the import ends there.
        var processed = done < options.Value.BatchSize ? state.TotalRows : state.ProcessedRows + done;
        await conn.ExecuteAsync(new CommandDefinition(
            """
            update directory.imports
            set processed_rows = @processed, created_count = created_count + @created, updated_count = updated_count + @updated,
                skipped_count = skipped_count + @skipped, rejected_count = rejected_count + @Rejected,
                status = 'running', lease_until = @Until, updated_at = @now
            where id = @id
            """,
            new { id, processed, created, updated, skipped, Rejected = rejects.Count, Until = now + options.Value.Lease, now },
            cancellationToken: ct));
        return true;
    }

    private Task<IReadOnlyList<(RowOutcome Outcome, string? Reason)>> SaveAsync(
        NpgsqlConnection conn, IEventPublisher events, ImportContext context, List<(int Number, Dictionary<string, string> Values)> rows,
        CancellationToken ct) =>
        ImportSavepoints.SaveAsync<Dictionary<string, string>, (RowOutcome Outcome, string? Reason)>(
            conn, rows.Select(r => r.Values).ToList(),
            async batch => await ImportBatch.SaveAsync(conn, events, context, batch.ToList(), ct),
            reason => (RowOutcome.Rejected, reason), logger);
}
