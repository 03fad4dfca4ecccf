using Crm.BuildingBlocks.Data;
using Dapper;

namespace Crm.Modules.Pipelines.Model;

/// <summary>How many deals stand in each stage, kept from Deals' events.</summary>
internal static class StageOccupancy
{
    /// <summary>
    /// Adds each delta to its stage's count. Stages are touched in id order, so two handlers moving
    /// deals between the same stages in opposite directions cannot deadlock.
    /// </summary>
    public static async Task ChangeAsync(DbSession db, CancellationToken ct, params (Guid StageId, int Delta)[] changes)
    {
        var conn = await db.ConnectionAsync(ct);
        foreach (var (stageId, delta) in changes.OrderBy(c => c.StageId))
        {
            await conn.ExecuteAsync(
                """
                insert into pipelines.stage_occupancy (stage_id, deal_count) values (@stageId, @delta)
                on conflict (stage_id) do update set deal_count = stage_occupancy.deal_count + excluded.deal_count
                """,
                new { stageId, delta });
        }
    }
}
