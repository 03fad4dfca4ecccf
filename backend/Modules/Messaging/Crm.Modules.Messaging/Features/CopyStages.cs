using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Pipelines.Contracts;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Messaging keeps every stage's name with its pipeline's (messaging.stages), from every event that carries
/// Pipelines' <see cref="PipelineState"/>: the feed says «Переговоры → Договор». A removed stage keeps its
/// row, so an old entry still names it. Each stage is written only when the pipeline's version is newer.
/// </summary>
internal sealed class CopyStages(DbSession db) : IStateHandler<PipelineState>
{
    private sealed record StageCopy(Guid Id, int Version, Guid PipelineId, string PipelineName, string Name, string Kind);

    public async ValueTask Handle(PipelineState pipeline, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        foreach (var stage in pipeline.Stages)
        {
            await conn.UpsertIfNewerAsync(
                "messaging.stages", new StageCopy(stage.StageId, pipeline.Version, pipeline.PipelineId, pipeline.Name, stage.Name, stage.Kind), ct);
        }
    }
}
