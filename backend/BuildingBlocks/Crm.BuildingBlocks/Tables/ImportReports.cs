using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Localization;
using Dapper;
using Npgsql;

namespace Crm.BuildingBlocks.Tables;

/// <summary>A row of a file an import refused: its number in the file, the reasons, and its cells as the file had them.</summary>
public sealed record ImportReject(int Row, string Reason, string[] Cells);

/// <summary>
/// The refused rows of an import, kept in the module's own <c>{schema}.import_rejects</c> (import_id, row_number,
/// reason, cells jsonb): written with the batch that refused them, shown first by the import's progress, and
/// downloaded whole as the report (CSV or xlsx) to correct those rows and import them again.
/// </summary>
public static partial class ImportReports
{
    public const int Shown = 50;

    /// <summary>Writes the batch's refused rows (a row already written, by a batch that was committed, stays as it is).</summary>
    public static Task WriteAsync(NpgsqlConnection conn, string schema, Guid importId, IReadOnlyList<ImportReject> rejects, CancellationToken ct) =>
        rejects.Count == 0
            ? Task.CompletedTask
            : conn.ExecuteAsync(new CommandDefinition(
                $"""
                insert into {Checked(schema)}.import_rejects (import_id, row_number, reason, cells)
                select @importId, r.n, r.reason, r.cells::jsonb from unnest(@Rows, @Reasons, @Cells) r(n, reason, cells)
                on conflict do nothing
                """,
                new
                {
                    importId,
                    Rows = rejects.Select(r => r.Row).ToArray(),
                    Reasons = rejects.Select(r => r.Reason).ToArray(),
                    Cells = rejects.Select(r => JsonSerializer.Serialize(r.Cells)).ToArray(),
                },
                cancellationToken: ct));

    /// <summary>The first refused rows with their reasons, for the progress.</summary>
    public static async Task<IReadOnlyList<(int Row, string Reason)>> FirstAsync(NpgsqlConnection conn, string schema, Guid importId) =>
        (await conn.QueryAsync<(int, string)>(
            $"select row_number, reason from {Checked(schema)}.import_rejects where import_id = @importId order by row_number limit @Shown",
            new { importId, Shown })).AsList();

    /// <summary>The report: a column for the row, one for the reasons, then the file's cells.</summary>
    public static async Task<ExportPlan> PlanAsync(NpgsqlConnection conn, string schema, Guid importId, CancellationToken ct)
    {
        var width = await conn.ExecuteScalarAsync<int?>(
            $"select max(jsonb_array_length(cells)) from {Checked(schema)}.import_rejects where import_id = @importId", new { importId }) ?? 0;
        List<ExportColumn> columns =
        [
            new("row", T.Pick("Строка", "Row")),
            new("reason", T.Pick("Причина", "Reason")),
            .. Enumerable.Range(1, width).Select(i => new ExportColumn($"c{i}", T.Pick($"Столбец {i}", $"Column {i}"))),
        ];
        return new ExportPlan(columns, RowsAsync(conn, Checked(schema), importId, columns.Count, ct));
    }

    /// <summary>The report's file name, before its date and extension.</summary>
    public static string FileName => T.Pick("отчёт-импорта", "import-report");

    private sealed record Stored(int Row, string Reason, string Cells);

    private static async IAsyncEnumerable<object?[]> RowsAsync(
        NpgsqlConnection conn, string schema, Guid id, int width, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var batch = (await conn.QueryAsync<Stored>(new CommandDefinition(
                $"""
                select row_number as Row, reason as Reason, cells::text as Cells from {schema}.import_rejects
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

    private static string Checked(string schema) =>
        SchemaName().IsMatch(schema) ? schema : throw new ArgumentException($"'{schema}' is not a schema name.", nameof(schema));

    [GeneratedRegex("^[a-z_]+$")]
    private static partial Regex SchemaName();
}
