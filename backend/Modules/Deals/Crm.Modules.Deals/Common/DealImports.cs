using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Http;

namespace Crm.Modules.Deals.Common;

/// <summary>A deals import's upload (<see cref="TableUpload"/>, with the pipeline the deals go into).</summary>
internal static class DealImports
{
    public static async Task<(TableUpload Upload, Guid PipelineId)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var upload = await TableUpload.ReadAsync(request, ct);
        if (!Guid.TryParse(upload.Field("pipelineId"), out var pipelineId))
        {
            throw new FieldValidationException("pipelineId", T.Pick("Выберите воронку", "Choose a pipeline"));
        }
        return (upload, pipelineId);
    }
}
