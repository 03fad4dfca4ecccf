using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Modules.Deals.Jobs;

/// <summary>
/// Runs deals imports a batch at a time, as Directory's imports run (ADR 0010). The file is read once per run.
/// Each batch is one transaction: the import's row locked, its progress read, the next rows checked in memory by
/// Deals' rules (<see cref="DealImportRows"/>, against the pipelines, stages, users and custom fields read with the
/// stages locked for share, as a create locks its stage), those that pass created together
/// (<see cref="NewDeals"/>, under a savepoint, again one at a time should the database refuse the batch), their
/// DealCreated and one DealsImported naming their clients written to the outbox, the refused rows and the new
/// progress written, all committed together. A worker stopped mid-batch leaves nothing of it; the next run starts
/// from the committed progress, so no deal is created twice. A cancel is honoured at the next batch. The checks run
/// in the language of the import's author (the report's reasons).
/// </summary>
internal sealed class DealImportRunner(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<DealImportOptions> options, ILogger<DealImportRunner> logger)
{
    private sealed record State(
        Guid Id, Guid PipelineId, string Status, string Mapping, int TotalRows, int ProcessedRows, bool CancelRequested, Guid CreatedBy,
        bool Supervisor, string Language);

    /// <summary>The upload as read once: its headers and its rows (blank ones left out, as <c>total_rows</c> counts them).</summary>
    internal sealed record ImportFile(IReadOnlyList<string> Headers, IReadOnlyList<TableRow> Rows);

    /// <summary>Claims the oldest import that is waiting, or whose claim has lapsed; null when there is none.</summary>
    public async Task<Guid?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            update deals.imports set status = 'running', lease_until = @Until, updated_at = @Now
            where id = (
                select id from deals.imports
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
            logger.LogError(e, "Deals import {ImportId} failed", id);
            await using var scope = scopes.CreateAsyncScope();
            var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(CancellationToken.None);
            await conn.ExecuteAsync(
                """
                update deals.imports set status = 'failed', failure = @Failure, content = null, lease_until = null,
                    finished_at = @Now, updated_at = @Now
                where id = @id and status in ('queued', 'running')
                """,
                new { id, Failure = e is Crm.BuildingBlocks.Errors.FieldValidationException v ? v.Message : e.GetType().Name, Now = clock.GetUtcNow() });
        }
    }

    /// <summary>One batch in one transaction; false when the import has ended.</summary>
    private async Task<bool> RunBatchAsync(Guid id, Func<ImportFile?> cached, Action<ImportFile> cache, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
        await db.BeginAsync(ct);
        var culture = CultureInfo.CurrentUICulture;
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
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private async Task<bool> BatchAsync(
        NpgsqlConnection conn, IEventPublisher events, Guid id, Func<ImportFile?> cached, Action<ImportFile> cache, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var state = await conn.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
            """
            select id as Id, pipeline_id as PipelineId, status as Status, mapping::text as Mapping, total_rows as TotalRows,
                processed_rows as ProcessedRows, cancel_requested as CancelRequested, created_by as CreatedBy, supervisor as Supervisor,
                language as Language
            from deals.imports where id = @id for no key update
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
                update deals.imports set status = @Status, content = null, lease_until = null, finished_at = @now, updated_at = @now
                where id = @id
                """,
                new { id, now, Status = state.CancelRequested ? "cancelled" : "done" });
            return false;
        }
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(state.Language);
        var file = cached();
        if (file is null)
        {
            var upload = await conn.QuerySingleAsync<(byte[] Content, string? Encoding)>(new CommandDefinition(
                "select content, encoding from deals.imports where id = @id", new { id }, cancellationToken: ct));
            var table = TableFile.Open(upload.Content, upload.Encoding);
            file = new ImportFile(table.Headers, table.Rows().ToList());
            cache(file);
        }
        var catalog = await DealImportRows.Catalog.LoadAsync(conn, lockStages: true);
        var importer = new DealImporter(state.PipelineId, state.CreatedBy, state.Supervisor);
        var columns = ImportMapping.Resolve(catalog.AllFields, file.Headers, JsonSerializer.Deserialize<Dictionary<string, string>>(state.Mapping)!).Columns
            ?? throw new InvalidOperationException("The import's mapping no longer fits its file (a custom field it maps was deleted).");
        var rows = file.Rows.Skip(state.ProcessedRows).Take(options.Value.BatchSize)
            .Select(row => (Row: row, Checked: catalog.PipelineRefusal(state.PipelineId) is { } refusal
                ? (Row: (ImportedDealRow?)null, Errors: new List<string> { refusal })
                : catalog.Check(importer, ImportMapping.Values(columns, row.Cells))))
            .ToList();
        var valid = rows.Where(r => r.Checked.Row is not null).Select(r => r.Checked.Row!).ToList();
        var saved = await ImportSavepoints.SaveAsync<ImportedDealRow, (Guid? DealId, string? Reason)>(
            conn, valid,
            async batch =>
            {
                var ids = new List<(Guid?, string?)>(batch.Count);
                foreach (var row in batch)
                {
                    ids.Add(((await NewDeals.InsertAsync(conn, row.Deal, state.CreatedBy, now)).Id, null));
                }
                return ids;
            },
            reason => (null, reason), logger);

        var outcomes = new List<(TableRow Row, Guid? DealId, ImportedDealRow? Deal, string Reason)>(rows.Count);
        var next = 0;
        foreach (var (row, check) in rows)
        {
            outcomes.Add(check.Row is null
                ? (row, null, null, string.Join("; ", check.Errors))
                : (row, saved[next].DealId, check.Row, saved[next++].Reason ?? ""));
        }
        await PublishAsync(conn, events, state, outcomes.Where(o => o.DealId is not null).Select(o => (o.DealId!.Value, o.Deal!)).ToList(), ct);

        var rejects = outcomes.Where(o => o.DealId is null).Select(o => new ImportReject(o.Row.Number, o.Reason, o.Row.Cells)).ToList();
        await ImportReports.WriteAsync(conn, "deals", id, rejects, ct);
        // The rows read may be fewer than counted at the start only if blank rows were dropped: the import ends there.
        var processed = rows.Count < options.Value.BatchSize ? state.TotalRows : state.ProcessedRows + rows.Count;
        await conn.ExecuteAsync(new CommandDefinition(
            """
            update deals.imports
            set processed_rows = @processed, created_count = created_count + @Created, rejected_count = rejected_count + @Rejected,
                status = 'running', lease_until = @Until, updated_at = @now
            where id = @id
            """,
            new { id, processed, Created = rows.Count - rejects.Count, Rejected = rejects.Count, Until = now + options.Value.Lease, now },
            cancellationToken: ct));
        return true;
    }

    /// <summary>Each new deal's DealCreated, then one DealsImported with the clients the rows named, in one outbox write.</summary>
    private static async Task PublishAsync(
        NpgsqlConnection conn, IEventPublisher events, State state, List<(Guid DealId, ImportedDealRow Row)> created, CancellationToken ct)
    {
        if (created.Count == 0)
        {
            return;
        }
        var states = (await DealStates.ReadManyAsync(conn, created.Select(c => c.DealId).ToList())).ToDictionary(s => s.DealId);
        List<IntegrationEvent> all = [.. created.Select(c => new DealCreated(states[c.DealId], state.CreatedBy))];
        var clients = created.Where(c => c.Row.NamesClient)
            .Select(c => new ImportedClientState(c.DealId, c.Row.Deal.ResponsibleId, c.Row.CompanyName, c.Row.ContactName, c.Row.Phones, c.Row.Emails))
            .ToList();
        if (clients.Count > 0)
        {
            all.Add(new DealsImported(state.Id, state.ProcessedRows + 1, state.CreatedBy, clients));
        }
        await events.PublishAllAsync(all, ct);
    }
}
