using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Model;
using Dapper;

namespace Crm.Modules.Pipelines.Features;

/// <summary>
/// How many deals stand in each stage, from the deal's state that Deals' events carry:
/// pipelines.deal_facts keeps per deal its stage (none once deleted) and version, and a newer state
/// moves the deal from the fact's stage to the state's. An older or repeated state changes nothing,
/// so the counts are right whatever the order of delivery. It hears every event that carries a
/// deal's state; those that do not move the deal change only the fact's version. Every move
/// updates the counts of its two stages, shared by all the deals of a pipeline: two instances'
/// batches would take them in opposite orders and deadlock (62 times in two minutes of
/// build/bench/endurance.sh two), so the lane's batches run one at a time.
/// </summary>
[OneBatchAtATime]
internal sealed class KeepStageOccupancy(DbSession db) : IStateHandler<DealState>
{
    private sealed record Fact(Guid? StageId, int Version);

    public async ValueTask Handle(DealState deal, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        // A new fact stands nowhere (version 0); the row, locked, applies one deal's states one at a time.
        await conn.ExecuteAsync(
            "insert into pipelines.deal_facts (deal_id, stage_id, version) values (@DealId, null, 0) on conflict (deal_id) do nothing",
            new { deal.DealId });
        var before = await conn.QuerySingleAsync<Fact>(
            "select stage_id as StageId, version as Version from pipelines.deal_facts where deal_id = @DealId for update",
            new { deal.DealId });
        if (before.Version >= deal.Version)
        {
            return;
        }
        var stageId = deal.Status == DealStatuses.Deleted ? (Guid?)null : deal.StageId;
        await conn.ExecuteAsync(
            "update pipelines.deal_facts set stage_id = @stageId, version = @Version where deal_id = @DealId",
            new { deal.DealId, stageId, deal.Version });
        if (before.StageId != stageId)
        {
            var changes = new List<(Guid, int)>();
            if (before.StageId is { } left)
            {
                changes.Add((left, -1));
            }
            if (stageId is { } entered)
            {
                changes.Add((entered, +1));
            }
            await StageOccupancy.ChangeAsync(db, ct, [.. changes]);
        }
    }
}
