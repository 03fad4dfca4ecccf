using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Http;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A deals import's upload (<see cref="TableUpload"/>, with the pipeline the deals go into and <c>tz</c>, the zone its
/// times are read in: <see cref="TableTimes.Zone"/>).
/// </summary>
internal static class DealImports
{
    public static async Task<(TableUpload Upload, Guid PipelineId, TimeZoneInfo Zone)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var upload = await TableUpload.ReadAsync(request, ct);
        if (!Guid.TryParse(upload.Field("pipelineId"), out var pipelineId))
        {
            throw new FieldValidationException("pipelineId", T.Pick("Выберите воронку", "Choose a pipeline"));
        }
        return (upload, pipelineId, TableTimes.Zone(upload.Field("tz")));
    }
}
