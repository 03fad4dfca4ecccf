using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Before a deals import, a user sees what the file will give: its columns, the fields they map to (the mapping
/// given, else the user's last one where its columns are in the file, else a guess from the headers; custom fields
/// by their names), and the first rows mapped, each with its errors by Deals' rules (<see cref="DealImportRows"/>).
/// Nothing is saved.
/// </summary>
internal static class PreviewDealImport
{
    public const int PreviewRows = 20;

    public sealed record Query(TableUpload Upload, Guid PipelineId) : IQuery<Response>;

    public sealed record Field(string Key, string Label, bool Required);

    public sealed record Row(int Number, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors);

    public sealed record Response(
        IReadOnlyList<string> Headers, IReadOnlyList<Field> Fields, IReadOnlyDictionary<string, string> Mapping, string? MappingError,
        int TotalRows, IReadOnlyList<Row> Rows);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var upload = query.Upload;
            var file = TableFile.Open(upload.Content, upload.Encoding);
            var conn = await db.ConnectionAsync(ct);
            var catalog = await DealImportRows.Catalog.LoadAsync(conn, lockStages: false);
            if (catalog.PipelineRefusal(query.PipelineId) is { } refusal)
            {
                throw new FieldValidationException("pipelineId", refusal);
            }
            var remembered = await conn.ExecuteScalarAsync<string?>(
                "select mapping::text from deals.import_mappings where user_id = @Id", new { currentUser.Id });
            var fields = catalog.AllFields;
            var mapping = upload.Mapping ?? ImportMapping.Suggest(
                fields, file.Headers, remembered is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(remembered));
            var (columns, error) = ImportMapping.Resolve(fields, file.Headers, mapping);
            var importer = new DealImporter(query.PipelineId, currentUser.Id, currentUser.IsSupervisor);
            var rows = file.Rows().Take(PreviewRows).Select(row =>
                {
                    var values = columns is null ? [] : ImportMapping.Values(columns, row.Cells);
                    return new Row(row.Number, values, columns is null ? [] : catalog.Check(importer, values).Errors);
                })
                .ToList();
            return new Response(
                file.Headers, fields.Select(f => new Field(f.Key, f.Label, f.Required)).ToList(), mapping, error, file.Rows().Count(), rows);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPreviewImport<Query, Response>("deals", async (request, ct) =>
                {
                    var (upload, pipelineId) = await DealImports.ReadAsync(request, ct);
                    return new Query(upload, pipelineId);
                })
                .WithName(nameof(PreviewDealImport))
                .WithTags("Deals")
                .WithSummary("Preview a deals import (multipart: file, pipelineId, encoding?, mapping?): columns, the mapping offered, the first rows with their errors");
    }
}
