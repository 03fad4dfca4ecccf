using System.Data;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Pipelines.Model;

/// <summary>Stage names are unique within their pipeline, whatever the case.</summary>
internal static class StageNames
{
    public static Task<bool> TakenAsync(IDbConnection conn, Guid pipelineId, string name, Guid? except) =>
        conn.ExecuteScalarAsync<bool>(
            """
            select exists (
                select 1 from pipelines.stages
                where pipeline_id = @pipelineId and lower(name) = lower(@name) and (@except::uuid is null or id <> @except))
            """,
            new { pipelineId, name, except });

    public static string Taken() => T.Pick("Этап с таким названием в воронке уже есть", "The pipeline already has a stage with this name");
}
