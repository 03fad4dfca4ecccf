using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Before an import, a user sees what the file will give: its columns, the fields they map to (the mapping
/// given, else the user's last one for this list where its columns are in the file, else a guess from the
/// headers), and the first rows mapped, each with its errors by the Lists' rules and whether it matches an
/// existing record. Nothing is saved.
/// </summary>
internal static class PreviewImport
{
    public const int PreviewRows = 20;

    public sealed record Query(ImportUpload Upload) : IQuery<Response>;

    public sealed record Field(string Key, string Label, bool Required);

    public sealed record Row(int Number, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors, bool Duplicate);

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
            var remembered = await conn.ExecuteScalarAsync<string?>(
                "select mapping::text from directory.import_mappings where user_id = @UserId and list = @List",
                new { UserId = currentUser.Id, upload.List });
            var mapping = upload.Mapping ?? ImportMapping.Suggest(
                ImportRows.FieldsOf(upload.List), file.Headers, remembered is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(remembered));
            var (columns, error) = ImportMapping.Resolve(ImportRows.FieldsOf(upload.List), file.Headers, mapping);
            var rows = new List<Row>();
            foreach (var row in file.Rows().Take(PreviewRows))
            {
                var values = columns is null ? [] : ImportMapping.Values(columns, row.Cells);
                var errors = columns is null ? [] : ImportRows.Errors(upload.List, values);
                var duplicate = columns is not null && errors.Count == 0 && await DuplicateAsync(conn, upload.List, values);
                rows.Add(new Row(row.Number, values, errors, duplicate));
            }
            return new Response(
                file.Headers, ImportRows.FieldsOf(upload.List).Select(f => new Field(f.Key, f.Label, f.Required)).ToList(), mapping, error,
                file.Rows().Count(), rows);
        }

        private static async Task<bool> DuplicateAsync(System.Data.IDbConnection conn, string list, Dictionary<string, string> values)
        {
            var phones = Channels.Normalize(new[] { "phone", "phone2" }.Where(values.ContainsKey).Select(k => new PhoneInput(values[k], null)).ToList());
            var emails = Channels.Normalize(new[] { "email", "email2" }.Where(values.ContainsKey).Select(k => new EmailInput(values[k], null)).ToList());
            var set = new Channels.Set(phones, emails, []);
            var hits = list == "companies"
                ? await Duplicates.FindCompaniesAsync(conn, null, set, DirectoryRules.Clean(values.GetValueOrDefault("taxId")))
                : await Duplicates.FindContactsAsync(conn, null, set);
            return hits.Any();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPreviewImport<Query, Response>("directory", async (request, ct) => new Query(await ImportUpload.ReadAsync(request, ct)))
                .WithName(nameof(PreviewImport))
                .WithTags("Directory")
                .WithSummary("Preview an import (multipart: file, table, encoding?, mapping?): columns, the mapping offered, the first rows with their errors");
    }
}
