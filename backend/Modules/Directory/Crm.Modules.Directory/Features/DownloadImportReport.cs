using System.Runtime.CompilerServices;
using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// The report of an import: every refused row as the file had it, with its row number and the reasons, as
/// CSV (or xlsx), so the user can correct those rows and import them again.
/// </summary>
internal static class DownloadImportReport
{
    public sealed record Query(Guid Id) : IQuery<ExportPlan>;


    private sealed record Reject(int Row, string Reason, string Cells);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, ExportPlan>
    {
        public async ValueTask<ExportPlan> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await GetImport.EnsureVisibleAsync(conn, query.Id, currentUser);
            var width = await conn.ExecuteScalarAsync<int?>(
                "select max(jsonb_array_length(cells)) from directory.import_rejects where import_id = @Id", new { query.Id }) ?? 0;
            List<ExportColumn> columns =
            [
                new("row", T.Pick("Строка", "Row")),
                new("reason", T.Pick("Причина", "Reason")),
                .. Enumerable.Range(1, width).Select(i => new ExportColumn($"c{i}", T.Pick($"Столбец {i}", $"Column {i}"))),
            ];
            return new ExportPlan(columns, RowsAsync(conn, query.Id, columns.Count, ct));
        }

        private static async IAsyncEnumerable<object?[]> RowsAsync(NpgsqlConnection conn, Guid id, int width, [EnumeratorCancellation] CancellationToken ct)
        {
            var after = 0;
            while (true)
            {
                var batch = (await conn.QueryAsync<Reject>(new CommandDefinition(
                    """
                    select row_number as Row, reason as Reason, cells::text as Cells from directory.import_rejects
                    where import_id = @id and row_number > @after order by row_number limit 1000
                    """,
                    new { id, after }, cancellationToken: ct))).ToList();
                foreach (var reject in batch)
                {
                    var cells = new object?[width];
                    cells[0] = reject.Row;
                    cells[1] = reject.Reason;
                    var values = JsonSerializer.Deserialize<string[]>(reject.Cells) ?? [];
                    Array.Copy(values, 0, cells, 2, Math.Min(values.Length, width - 2));
                    yield return cells;
                }
                if (batch.Count < 1000)
                {
                    yield break;
                }
                after = batch[^1].Row;
            }
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/imports/{id:guid}/report",
                    async (Guid id, string? format, string? delimiter, string? tz, ISender sender, TimeProvider clock, CancellationToken ct) =>
                    {
                        var options = ExportOptions.Parse(format, delimiter, tz, null);
                        var plan = await sender.Send(new Query(id), ct);
                        return TableExport.File(options, plan.Columns, T.Pick("отчёт-импорта", "import-report"), clock.GetUtcNow(), plan.Rows, ct);
                    })
                .WithName(nameof(DownloadImportReport))
                .WithTags("Directory")
                .WithSummary("The refused rows of an import with their reasons, as CSV (or xlsx)")
                .Produces(StatusCodes.Status200OK, contentType: TableExport.CsvType)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
