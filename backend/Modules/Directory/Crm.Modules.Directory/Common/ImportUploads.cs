using System.Text.Json;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Http;

namespace Crm.Modules.Directory.Common;

/// <summary>An import's upload as the preview and the start take it (multipart: file, table, encoding, mapping, duplicates).</summary>
internal sealed record ImportUpload(string FileName, byte[] Content, string List, string? Encoding, Dictionary<string, string>? Mapping, string? Duplicates)
{
    /// <summary>
    /// Reads the form by hand (a bound IFormFile would ask for ASP.NET's antiforgery middleware, while this app
    /// checks its own XSRF header on every unsafe call, as ImportTasks does).
    /// </summary>
    public static async Task<ImportUpload> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new FieldValidationException("file", T.Pick("Приложите файл CSV или Excel (.xlsx)", "Attach a CSV or Excel (.xlsx) file"));
        }
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file")
            ?? throw new FieldValidationException("file", T.Pick("Приложите файл CSV или Excel (.xlsx)", "Attach a CSV or Excel (.xlsx) file"));
        if (file.Length == 0 || file.Length > TableFile.MaxBytes)
        {
            throw new FieldValidationException("file", T.Pick("Файл: от 1 байта до 20 МБ", "The file must be 1 byte to 20 MB"));
        }
        var list = form["table"].ToString();
        if (list is not ("companies" or "contacts"))
        {
            throw new FieldValidationException("table", T.Pick("Таблица: companies или contacts", "Table must be companies or contacts"));
        }
        Dictionary<string, string>? mapping = null;
        if (form["mapping"].ToString() is { Length: > 0 } json)
        {
            try
            {
                mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            }
            catch (JsonException)
            {
                throw new FieldValidationException("mapping", T.Pick("Сопоставление: объект «поле → столбец»", "Mapping must be an object of field → column"));
            }
        }
        using var content = new MemoryStream();
        await file.CopyToAsync(content, ct);
        var encoding = form["encoding"].ToString();
        var duplicates = form["duplicates"].ToString();
        return new ImportUpload(
            Path.GetFileName(file.FileName), content.ToArray(), list, encoding.Length == 0 ? null : encoding, mapping,
            duplicates.Length == 0 ? null : duplicates);
    }
}
