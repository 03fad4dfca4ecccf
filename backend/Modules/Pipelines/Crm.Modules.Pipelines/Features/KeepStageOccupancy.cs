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
/// so the counts are right whatever the order of delivery. Won and lost are moves too (their
/// DealStageChanged carries the same state as DealWon/DealLost), so it needs no more events.
/// </summary>
internal sealed class KeepStageOccupancy(DbSession db) :
    IIntegrationEventHandler<DealCreated>,
    IIntegrationEventHandler<DealStageChanged>,
    IIntegrationEventHandler<DealDeleted>,
    IIntegrationEventHandler<DealRepublished>
{
    public ValueTask Handle(DealCreated e, CancellationToken ct) => KeepAsync(e.Deal, ct);

    public ValueTask Handle(DealStageChanged e, CancellationToken ct) => KeepAsync(e.Deal, ct);

    public ValueTask Handle(DealDeleted e, CancellationToken ct) => KeepAsync(e.Deal, ct);

    public ValueTask Handle(DealRepublished e, CancellationToken ct) => KeepAsync(e.Deal, ct);

    private sealed record Fact(Guid? StageId, int Version);

    private async ValueTask KeepAsync(DealState deal, CancellationToken ct)
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
