using System.Data;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Contracts;
using Crm.Modules.Pipelines.Model;
using Dapper;

namespace Crm.Modules.Pipelines.Features;

/// <summary>
/// Deals' answer to a stage's removal request (ADR 0007). Vacated: Deals lets no deal enter the stage
/// any more, so it goes whatever happened since (StageRemoved; the layout was checked when the
/// request was made, counting every stage under a request as gone). Refused: the stage stays and
/// deals may enter it again (StageRemovalCancelled), unless it is under a newer request by now.
/// One handler for both, so one pipeline's answers are taken in the order Deals gave them.
/// </summary>
internal sealed class FinishStageRemoval(DbSession db, IEventPublisher events) :
    IIntegrationEventHandler<StageVacated>,
    IIntegrationEventHandler<StageRemovalRefused>
{
    public async ValueTask Handle(StageVacated e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        if (!await LockAsync(conn, e.PipelineId))
        {
            return;
        }
        var position = await conn.ExecuteScalarAsync<int?>(
            """
            delete from pipelines.stages where id = @StageId and pipeline_id = @PipelineId returning position
            """,
            new { e.StageId, e.PipelineId });
        if (position is null)
        {
            return;
        }
        await conn.ExecuteAsync(
            """
            delete from pipelines.stage_occupancy where stage_id = @StageId;
            update pipelines.stages set position = position - 1 where pipeline_id = @PipelineId and position > @position;
            """,
            new { e.StageId, e.PipelineId, position });
        await events.PublishAsync(new StageRemoved(await PipelineStates.RaiseAsync(conn, e.PipelineId), e.StageId), ct);
    }

    public async ValueTask Handle(StageRemovalRefused e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        if (!await LockAsync(conn, e.PipelineId))
        {
            return;
        }
        var kept = await conn.ExecuteAsync(
            """
            update pipelines.stages
            set removal_request = null, refused_request = @RemovalRequest, refused_deal_count = @DealCount
            where id = @StageId and removal_request = @RemovalRequest
            """,
            new { e.StageId, e.RemovalRequest, e.DealCount });
        if (kept > 0)
        {
            await events.PublishAsync(
                new StageRemovalCancelled(await PipelineStates.RaiseAsync(conn, e.PipelineId), e.StageId, e.DealCount), ct);
        }
    }

    /// <summary>The same lock as the slices that change a pipeline's stages; false when the pipeline is unknown.</summary>
    private static async Task<bool> LockAsync(IDbConnection conn, Guid pipelineId) =>
        await conn.ExecuteScalarAsync<bool>(
            "select true from pipelines.pipelines where id = @pipelineId for update", new { pipelineId });
}
