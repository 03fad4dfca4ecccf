using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Pipelines.Contracts;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// Inbox keeps each pipeline's name, whether it is archived and its unsorted stage (inbox.pipelines),
/// from every event that carries Pipelines' <see cref="PipelineState"/>: a request may wait only in a
/// live pipeline with «Неразобранное». Written only when the state is newer.
/// </summary>
internal sealed class CopyPipelines(DbSession db) : IStateHandler<PipelineState>
{
    private sealed record PipelineCopy(Guid Id, int Version, string Name, string Kind, bool Archived, Guid? UnsortedStageId);

    public async ValueTask Handle(PipelineState pipeline, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var unsorted = pipeline.Stages.FirstOrDefault(s => s.Kind == StageKinds.Unsorted && s.RemovalRequest is null);
        await conn.UpsertIfNewerAsync(
            "inbox.pipelines",
            new PipelineCopy(pipeline.PipelineId, pipeline.Version, pipeline.Name, pipeline.Kind, pipeline.Archived, unsorted?.StageId),
            ct);
    }
}
