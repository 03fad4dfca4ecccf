using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Http;

namespace Crm.Modules.Directory.Common;

/// <summary>An import's upload as the preview and the start take it (<see cref="TableUpload"/>, with the list and the duplicates mode).</summary>
internal sealed record ImportUpload(string FileName, byte[] Content, string List, string? Encoding, Dictionary<string, string>? Mapping, string? Duplicates)
{
    public static async Task<ImportUpload> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var upload = await TableUpload.ReadAsync(request, ct);
        var list = upload.Field("table");
        if (list is not ("companies" or "contacts"))
        {
            throw new FieldValidationException("table", T.Pick("Таблица: companies или contacts", "Table must be companies or contacts"));
        }
        return new ImportUpload(upload.FileName, upload.Content, list, upload.Encoding, upload.Mapping, upload.Field("duplicates"));
    }
}
