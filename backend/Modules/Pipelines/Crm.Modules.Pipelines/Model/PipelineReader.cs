using System.Data;
using Dapper;

namespace Crm.Modules.Pipelines.Model;

/// <summary>Reads pipelines with their stages in two queries (never one per pipeline).</summary>
internal static class PipelineReader
{
    public static async Task<IReadOnlyList<PipelineResponse>> ListAsync(IDbConnection conn, bool includeArchived, Guid? only = null)
    {
        var filter = new { IncludeArchived = includeArchived, Only = only };
        var pipelines = (await conn.QueryAsync<PipelineResponse>(
            $"""
            select {PipelineResponse.Columns}
            from pipelines.pipelines
            where (@IncludeArchived or not archived) and (@Only::uuid is null or id = @Only)
            order by position
            """, filter)).AsList();
        if (pipelines.Count == 0)
        {
            return pipelines;
        }
        var stages = (await conn.QueryAsync<StageRow>(
            $"""
            select s.pipeline_id as PipelineId, {StageResponse.Columns}
            from {StageResponse.From}
            join pipelines.pipelines p on p.id = s.pipeline_id
            where (@IncludeArchived or not p.archived) and (@Only::uuid is null or p.id = @Only)
            order by s.pipeline_id, s.position
            """, filter)).ToLookup(s => s.PipelineId, s => s.ToResponse());
        return pipelines.Select(p => p with { Stages = stages[p.Id].ToList() }).ToList();
    }

    /// <summary>One pipeline (archived or not) with its stages; the caller knows it exists.</summary>
    public static async Task<PipelineResponse> LoadAsync(IDbConnection conn, Guid id) =>
        (await ListAsync(conn, includeArchived: true, only: id)).Single();

    public static async Task<StageResponse> LoadStageAsync(IDbConnection conn, Guid stageId) =>
        await conn.QuerySingleAsync<StageResponse>(
            $"select {StageResponse.Columns} from {StageResponse.From} where s.id = @stageId", new { stageId });

    private sealed record StageRow(Guid PipelineId, Guid Id, string Name, string Color, string Kind, int Probability, int Position, int DealCount, int Version,
        bool Removing, int? RefusedDealCount)
    {
        public StageResponse ToResponse() => new(Id, Name, Color, Kind, Probability, Position, DealCount, Version, Removing, RefusedDealCount);
    }
}
