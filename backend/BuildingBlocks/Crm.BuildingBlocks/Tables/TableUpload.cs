using System.Text.Json;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// An import's upload as a preview and a start take it (multipart: <c>file</c>, <c>encoding</c>, <c>mapping</c>
/// as JSON «field → column», and the module's own fields, e.g. Directory's <c>table</c> or Deals' <c>pipelineId</c>).
/// </summary>
public sealed record TableUpload(
    string FileName, byte[] Content, string? Encoding, Dictionary<string, string>? Mapping, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>A form field of the module's own, null when blank.</summary>
    public string? Field(string name) => Fields.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Reads the form by hand (a bound IFormFile would ask for ASP.NET's antiforgery middleware, while this app
    /// checks its own XSRF header on every unsafe call, as ImportTasks does).
    /// </summary>
    public static async Task<TableUpload> ReadAsync(HttpRequest request, CancellationToken ct)
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
        var fields = form.Keys.Where(k => k is not ("mapping" or "encoding")).ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        return new TableUpload(Path.GetFileName(file.FileName), content.ToArray(), encoding.Length == 0 ? null : encoding, mapping, fields);
    }
}
