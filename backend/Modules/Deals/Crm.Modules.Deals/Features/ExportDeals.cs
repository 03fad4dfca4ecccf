using System.Runtime.CompilerServices;
using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A user downloads the deals table as they see it (the same pipeline, sort and column filters as
/// <c>GET /api/deals</c>): every deal the filters select, not a page, as CSV or xlsx. The rows are read in
/// keyset batches of the table's own query (<see cref="DealTableQuery"/>, each one index range and well
/// under the statement timeout) and written to the response as they come (TableExport), so the memory
/// does not grow with the rows. Pipeline, stage and responsible are written as names.
/// </summary>
internal static class ExportDeals
{
    public const int BatchSize = 2000;

    public sealed record Query(Guid? PipelineId, string? Sort, IReadOnlyDictionary<string, string> Filters, ExportOptions Options)
        : IQuery<ExportPlan>;

    private sealed record Named(Guid Id, string Name);

    private sealed record Stage(Guid Id, string Name, string Kind);

    private sealed record Field(Guid Id, string Name, string Type, string Options);

    /// <summary>Reads one column's cell of a row (its custom values parsed, the batch's tags).</summary>
    private delegate object? CellReader(DealTableQuery.Row row, JsonElement? custom, IReadOnlyDictionary<Guid, IReadOnlyList<Tags.Tag>> tags);

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, ExportPlan>
    {
        public async ValueTask<ExportPlan> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var fields = (await conn.QueryAsync<Field>(
                "select id as Id, name as Name, type as Type, options::text as Options from deals.custom_fields order by position, id")).ToList();
            // Checked here, before the response starts: a bad sort or filter is a 400, not a broken file.
            var table = new DealTableQuery(query.PipelineId, query.Sort, query.Filters,
                fields.ToDictionary(f => f.Id, f => new CustomFieldDefinition(f.Id, f.Type, f.Options)));
            var columns = query.Options.Pick(Available(fields));
            return new ExportPlan(columns, RowsAsync(conn, table, columns, fields, ct));
        }

        private static async IAsyncEnumerable<object?[]> RowsAsync(
            NpgsqlConnection conn, DealTableQuery table, IReadOnlyList<ExportColumn> columns, List<Field> fields,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            var pipelines = await NamesAsync(conn, "select id as Id, name as Name from deals.pipelines");
            var stages = (await conn.QueryAsync<Stage>("select id as Id, name as Name, kind as Kind from deals.stages")).ToDictionary(s => s.Id);
            var users = await NamesAsync(conn, "select id as Id, name as Name from deals.users");
            var cells = columns.Select(c => CellOf(c.Key, pipelines, stages, users, fields)).ToArray();
            var withTags = columns.Any(c => c.Key == "tags");
            var withCustom = columns.Any(c => c.Key.StartsWith("cf.", StringComparison.Ordinal));
            TableCursor? after = null;
            while (true)
            {
                var rows = await table.PageAsync(conn, after, BatchSize);
                var tags = withTags ? await DealTags.OfAsync(conn, rows.Take(BatchSize).Select(r => r.Id).ToList()) : [];
                foreach (var row in rows.Take(BatchSize))
                {
                    // Parsed once per row, and only when a custom field is asked; its values are read into cells at once.
                    using var custom = withCustom ? JsonDocument.Parse(row.Custom) : null;
                    var values = new object?[cells.Length];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        values[i] = cells[i](row, custom?.RootElement, tags);
                    }
                    yield return values;
                }
                if (rows.Count <= BatchSize)
                {
                    yield break;
                }
                after = table.CursorAfter(rows[BatchSize - 1]);
                ct.ThrowIfCancellationRequested();
            }
        }

        /// <summary>How a column's cell is read from a row, decided once per export rather than per cell.</summary>
        private static CellReader CellOf(
            string key, Dictionary<Guid, string> pipelines, Dictionary<Guid, Stage> stages, Dictionary<Guid, string> users, List<Field> fields)
        {
            var won = T.Pick("Выиграна", "Won");
            var lost = T.Pick("Проиграна", "Lost");
            var open = T.Pick("В работе", "Open");
            return key switch
            {
                "number" => (row, _, _) => row.Number,
                "name" => (row, _, _) => row.Name,
                "pipeline" => (row, _, _) => pipelines.GetValueOrDefault(row.PipelineId),
                "stage" => (row, _, _) => stages.GetValueOrDefault(row.StageId)?.Name,
                // The table's «Статус»: open (any stage that does not close the deal), won, lost.
                "status" => (row, _, _) => stages.GetValueOrDefault(row.StageId)?.Kind switch
                {
                    null => null,
                    "won" => won,
                    "lost" => lost,
                    _ => open,
                },
                "budget" => (row, _, _) => row.Budget,
                "currency" => (row, _, _) => row.Currency,
                "responsible" => (row, _, _) => users.GetValueOrDefault(row.ResponsibleId),
                "company" => (row, _, _) => row.CompanyName,
                "contact" => (row, _, _) => row.ContactName,
                "deadline" => (row, _, _) => row.Deadline,
                "created" => (row, _, _) => row.CreatedAt,
                "updated" => (row, _, _) => row.UpdatedAt,
                "closed" => (row, _, _) => row.ClosedAt,
                "stageEntered" => (row, _, _) => row.StageEnteredAt,
                "openTasks" => (row, _, _) => row.OpenTaskCount,
                "nextTask" => (row, _, _) => row.NextTaskDue,
                "tags" => (row, _, tags) => Tags.Cell(tags, row.Id),
                _ => CustomCellOf(fields.Single(f => $"cf.{f.Id}" == key)),
            };
        }

        private static CellReader CustomCellOf(Field field)
        {
            var property = field.Id.ToString();
            return (_, custom, _) => custom is { ValueKind: JsonValueKind.Object } values && values.TryGetProperty(property, out var value)
                ? CustomFieldCells.Cell(field.Type, value)
                : null;
        }

        private static async Task<Dictionary<Guid, string>> NamesAsync(NpgsqlConnection conn, string sql) =>
            (await conn.QueryAsync<Named>(sql)).ToDictionary(n => n.Id, n => n.Name);
    }

    /// <summary>Every column the export can write, in the table's order, headers in the user's language.</summary>
    private static List<ExportColumn> Available(IEnumerable<Field> fields) =>
    [
        new("number", T.Pick("Номер", "Number")),
        new("name", T.Pick("Название", "Name")),
        new("pipeline", T.Pick("Воронка", "Pipeline")),
        new("stage", T.Pick("Этап", "Stage")),
        new("status", T.Pick("Статус", "Status")),
        new("budget", T.Pick("Бюджет", "Budget")),
        new("currency", T.Pick("Валюта", "Currency")),
        new("responsible", T.Pick("Ответственный", "Responsible")),
        new("company", T.Pick("Компания", "Company")),
        new("contact", T.Pick("Контакт", "Contact")),
        new("deadline", T.Pick("Срок", "Deadline")),
        new("created", T.Pick("Создана", "Created")),
        new("updated", T.Pick("Изменена", "Updated")),
        new("closed", T.Pick("Закрыта", "Closed")),
        new("stageEntered", T.Pick("На этапе с", "In stage since")),
        new("openTasks", T.Pick("Открытых задач", "Open tasks")),
        new("nextTask", T.Pick("Ближайшая задача", "Next task")),
        new("tags", T.Pick("Теги", "Tags")),
        .. fields.Select(f => new ExportColumn($"cf.{f.Id}", f.Name)),
    ];

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/export",
                    async (Guid? pipelineId, string? sort, string? format, string? delimiter, string? tz, string? cols,
                        HttpRequest request, ISender sender, TimeProvider clock, CancellationToken ct) =>
                    {
                        var options = ExportOptions.Parse(format, delimiter, tz, cols);
                        var plan = await sender.Send(new Query(pipelineId, sort, ColumnFilters.Of(request.Query), options), ct);
                        return TableExport.File(options, plan.Columns, T.Pick("сделки", "deals"), clock.GetUtcNow(), plan.Rows, ct);
                    })
                .WithName(nameof(ExportDeals))
                .WithTags("Deals")
                .WithSummary("The deals table as a file (CSV or xlsx): every deal the table's filters select, streamed")
                .WithDescription("Takes the table's pipelineId, sort and f.<column> filters, and format=csv|xlsx, delimiter=comma|semicolon, tz (IANA, times in it), cols (keys in order). See docs/pipelines-deals-api.md, \"Export\".")
                .Produces(StatusCodes.Status200OK, contentType: TableExport.CsvType)
                .ProducesValidationProblem();
    }
}
