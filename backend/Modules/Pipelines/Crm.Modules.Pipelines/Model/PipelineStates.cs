using System.Data;
using System.Text.Json;
using Crm.Modules.Pipelines.Contracts;
using Dapper;

namespace Crm.Modules.Pipelines.Model;

/// <summary>
/// A pipeline's <see cref="PipelineState"/> as its events carry it, read from the rows after the
/// change in the change's own transaction (so the version and the stages always match). Every
/// publisher of a pipeline event and the replay read it here.
/// </summary>
internal static class PipelineStates
{
    /// <summary>The state of the pipelines (<c>pipelines.pipelines p</c>) a query selects, the stages as JSON in order.</summary>
    public const string Select = """
        select p.id as PipelineId, p.version as Version, p.name as Name, p.kind as Kind, p.position as Position, p.archived as Archived,
            coalesce((select jsonb_agg(jsonb_build_object(
                        'stageId', s.id, 'name', s.name, 'color', s.color, 'kind', s.kind, 'probability', s.probability,
                        'position', s.position, 'removalRequest', s.removal_request) order by s.position)
                      from pipelines.stages s where s.pipeline_id = p.id), '[]')::text as Stages
        from pipelines.pipelines p
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A row of <see cref="Select"/>.</summary>
    internal sealed record Row(Guid PipelineId, int Version, string Name, string Kind, int Position, bool Archived, string Stages)
    {
        public PipelineState ToState() =>
            new(PipelineId, Version, Name, Kind, Position, Archived, JsonSerializer.Deserialize<List<StageState>>(Stages, Json)!);
    }

    public static async Task<PipelineState> ReadAsync(IDbConnection conn, Guid pipelineId) =>
        (await conn.QuerySingleAsync<Row>($"{Select} where p.id = @pipelineId", new { pipelineId })).ToState();

    /// <summary>Raises the pipeline's version for a change of its stages, and returns its state after the change.</summary>
    public static async Task<PipelineState> RaiseAsync(IDbConnection conn, Guid pipelineId)
    {
        await conn.ExecuteAsync("update pipelines.pipelines set version = version + 1 where id = @pipelineId", new { pipelineId });
        return await ReadAsync(conn, pipelineId);
    }
}
