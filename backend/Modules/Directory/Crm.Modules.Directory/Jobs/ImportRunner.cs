using System.Text.Json;
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
/// Runs the imports of companies and contacts a batch at a time (<see cref="ImportJobRunner"/>: one transaction per
/// batch with its progress, resumed after a restart without doubles). A batch's rows are checked in memory
/// (<see cref="ImportRows.Errors"/>) and those that pass saved together by <see cref="ImportBatch"/> under one
/// savepoint; should the database refuse that, again one at a time (<see cref="ImportSavepoints"/>), so only the
/// row at fault is refused.
/// </summary>
internal sealed class ImportRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<ImportJobOptions> options, ILogger<ImportRunner> logger)
    : ImportJobRunner(scopes, clock, options.Get(DirectoryModule.ModuleName), logger)
{
    protected override string Schema => "directory";

    protected override async Task<ImportBatchResult> SaveBatchAsync(
        IServiceProvider services, NpgsqlConnection conn, ImportJob job, IReadOnlyList<string> headers, IReadOnlyList<TableRow> rows,
        CancellationToken ct)
    {
        var (list, duplicates) = await conn.QuerySingleAsync<(string, string)>(
            "select list, duplicates from directory.imports where id = @Id", new { job.Id });
        var mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(job.Mapping)!;
        var columns = ImportMapping.Resolve(ImportRows.FieldsOf(list), headers, mapping).Columns
            ?? throw new InvalidOperationException("The import's mapping no longer fits its file.");
        var context = new ImportContext(list, duplicates, job.CreatedBy, job.Supervisor, job.Now);
        var read = rows
            .Select(row => (Row: row, Values: ImportMapping.Values(columns, row.Cells)))
            .Select(r => (r.Row, r.Values, Errors: ImportRows.Errors(list, r.Values)))
            .ToList();
        var valid = read.Select((r, i) => (r.Values, At: i)).Where(r => read[r.At].Errors.Count == 0).ToList();
        var events = services.GetRequiredService<IEventPublisher>();
        var saved = await ImportSavepoints.SaveAsync<Dictionary<string, string>, (RowOutcome Outcome, string? Reason)>(
            conn, valid.Select(r => r.Values).ToList(),
            async batch => await ImportBatch.SaveAsync(conn, events, context, batch, ct),
            reason => (RowOutcome.Rejected, reason), logger);
        var outcomes = read.Select(r => (Outcome: RowOutcome.Rejected, Reason: string.Join("; ", r.Errors))).ToArray();
        for (var i = 0; i < valid.Count; i++)
        {
            outcomes[valid[i].At] = (saved[i].Outcome, saved[i].Reason ?? "");
        }
        return new ImportBatchResult(
            read.Zip(outcomes).Where(r => r.Second.Outcome == RowOutcome.Rejected)
                .Select(r => new ImportReject(r.First.Row.Number, r.Second.Reason, r.First.Row.Cells)).ToList(),
            new Dictionary<string, int>
            {
                ["created_count"] = outcomes.Count(o => o.Outcome == RowOutcome.Created),
                ["updated_count"] = outcomes.Count(o => o.Outcome == RowOutcome.Updated),
                ["skipped_count"] = outcomes.Count(o => o.Outcome == RowOutcome.Skipped),
            });
    }
}
