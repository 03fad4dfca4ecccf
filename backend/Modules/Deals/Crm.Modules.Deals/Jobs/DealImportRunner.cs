using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Events;
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
/// Runs deals imports a batch at a time, as Directory's run (<see cref="ImportJobRunner"/>: one transaction per batch
/// with its progress, resumed after a restart without doubles, cancelled at the next batch). A batch's rows are
/// checked in memory by Deals' rules (<see cref="DealImportRows"/>, against the pipelines, stages, users and custom
/// fields read with the stages locked for share, as a create locks its stage) in the language of the import's author
/// (the report's reasons); those that pass are created together (<see cref="NewDeals"/>, under a savepoint, again one
/// at a time should the database refuse the batch), and their DealCreated and one DealsImported naming their clients
/// (Directory files them) written to the outbox at once.
/// </summary>
internal sealed class DealImportRunner(
    IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<ImportJobOptions> options, ILogger<DealImportRunner> logger)
    : ImportJobRunner(scopes, clock, options.Get(DealsModule.ModuleName), logger)
{
    protected override string Schema => "deals";

    protected override async Task<ImportBatchResult> SaveBatchAsync(
        IServiceProvider services, NpgsqlConnection conn, ImportJob job, IReadOnlyList<string> headers, IReadOnlyList<TableRow> rows,
        CancellationToken ct)
    {
        var (pipelineId, language) = await conn.QuerySingleAsync<(Guid, string)>(
            "select pipeline_id, language from deals.imports where id = @Id", new { job.Id });
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return await SaveAsync(services, conn, job, pipelineId, headers, rows, ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private async Task<ImportBatchResult> SaveAsync(
        IServiceProvider services, NpgsqlConnection conn, ImportJob job, Guid pipelineId, IReadOnlyList<string> headers,
        IReadOnlyList<TableRow> rows, CancellationToken ct)
    {
        var catalog = await DealImportRows.Catalog.LoadAsync(conn, lockStages: true);
        var importer = new DealImporter(pipelineId, job.CreatedBy, job.Supervisor);
        var columns = ImportMapping.Resolve(catalog.AllFields, headers, JsonSerializer.Deserialize<Dictionary<string, string>>(job.Mapping)!).Columns
            ?? throw new InvalidOperationException("The import's mapping no longer fits its file (a custom field it maps was deleted).");
        var pipelineRefusal = catalog.PipelineRefusal(pipelineId);
        var read = rows
            .Select(row => (Row: row, Checked: pipelineRefusal is not null
                ? (Row: (ImportedDealRow?)null, Errors: new List<string> { pipelineRefusal })
                : catalog.Check(importer, ImportMapping.Values(columns, row.Cells))))
            .ToList();
        var valid = read.Where(r => r.Checked.Row is not null).Select(r => r.Checked.Row!).ToList();
        var saved = await ImportSavepoints.SaveAsync<ImportedDealRow, (Guid? DealId, string? Reason)>(
            conn, valid,
            async batch =>
            {
                var ids = new List<(Guid?, string?)>(batch.Count);
                foreach (var row in batch)
                {
                    ids.Add(((await NewDeals.InsertAsync(conn, row.Deal, job.CreatedBy, job.Now)).Id, null));
                }
                return ids;
            },
            reason => (null, reason), logger);

        var created = new List<(Guid DealId, ImportedDealRow Row)>();
        var rejects = new List<ImportReject>();
        var next = 0;
        foreach (var (row, check) in read)
        {
            if (check.Row is null)
            {
                rejects.Add(new ImportReject(row.Number, string.Join("; ", check.Errors), row.Cells));
            }
            else if (saved[next++] is { DealId: { } dealId })
            {
                created.Add((dealId, check.Row));
            }
            else
            {
                rejects.Add(new ImportReject(row.Number, saved[next - 1].Reason ?? "", row.Cells));
            }
        }
        await PublishAsync(conn, services.GetRequiredService<IEventPublisher>(), job, created, ct);
        return new ImportBatchResult(rejects, new Dictionary<string, int> { ["created_count"] = created.Count });
    }

    /// <summary>Each new deal's DealCreated, then one DealsImported with the clients the rows named, in one outbox write.</summary>
    private static async Task PublishAsync(
        NpgsqlConnection conn, IEventPublisher events, ImportJob job, List<(Guid DealId, ImportedDealRow Row)> created, CancellationToken ct)
    {
        if (created.Count == 0)
        {
            return;
        }
        var states = (await DealStates.ReadManyAsync(conn, created.Select(c => c.DealId).ToList())).ToDictionary(s => s.DealId);
        List<IntegrationEvent> all = [.. created.Select(c => new DealCreated(states[c.DealId], job.CreatedBy))];
        var clients = created.Where(c => c.Row.NamesClient)
            .Select(c => new ImportedClientState(c.DealId, c.Row.Deal.ResponsibleId, c.Row.CompanyName, c.Row.ContactName, c.Row.Phones, c.Row.Emails))
            .ToList();
        if (clients.Count > 0)
        {
            all.Add(new DealsImported(job.Id, job.ProcessedRows + 1, job.CreatedBy, clients));
        }
        await events.PublishAllAsync(all, ct);
    }
}
