using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Dapper;
using Microsoft.AspNetCore.Http;

namespace Crm.Modules.Deals.Common;

/// <summary>A deals import's upload (<see cref="TableUpload"/>, with the pipeline the deals go into) and who may see an import.</summary>
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

    public static NotFoundException NotFound() => new(T.Pick("Импорт не найден", "Import not found"));

    /// <summary>An import is its author's, or any supervisor's: to anyone else it does not exist (404).</summary>
    public static async Task EnsureVisibleAsync(IDbConnection conn, Guid id, CurrentUser user)
    {
        var owner = await conn.ExecuteScalarAsync<Guid?>("select created_by from deals.imports where id = @id", new { id });
        if (owner is null || (!user.IsSupervisor && owner != user.Id))
        {
            throw NotFound();
        }
    }
}
