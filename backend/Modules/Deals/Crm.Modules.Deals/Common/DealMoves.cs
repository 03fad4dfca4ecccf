using System.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// Puts a deal in another stage: the row, its history entry and DealStageChanged, together.
/// Shared by MoveDealToStage, WinDeal and LoseDeal (won and lost are moves too: reports need them).
/// A move out of won or lost reopens the deal: the state it publishes says "open".
/// </summary>
internal static class DealMoves
{
    /// <summary>The deal after the move, as the slices answer it and as its events carry it.</summary>
    internal sealed record Moved(DealRow Row, DealState State);

    public static async Task<Moved> MoveAsync(
        IDbConnection conn, IEventPublisher events, DealRow deal, StageRow to, Guid by, DateTimeOffset now, string? lossReason, CancellationToken ct)
    {
        var closedAt = to.IsClosing ? now : (DateTimeOffset?)null;
        var moved = await conn.QuerySingleAsync<DealRow>(
            $"""
            update deals.deals
            set stage_id = @StageId, stage_entered_at = @Now, closed_at = @ClosedAt, loss_reason = @LossReason,
                updated_at = @Now, version = version + 1
            where id = @Id
            returning {DealRow.Columns}
            """,
            new { deal.Id, StageId = to.Id, Now = now, ClosedAt = closedAt, LossReason = lossReason });
        await RecordAsync(conn, deal.Id, deal.StageId, to.Id, now, by);
        var state = await DealStates.ReadAsync(conn, deal.Id);
        await events.PublishAsync(new DealStageChanged(state, deal.StageId, by), ct);
        return new Moved(moved, state);
    }

    /// <summary>Entries of deals.stage_history, one statement whatever their number; from is null for a new deal.</summary>
    public static Task RecordAllAsync(IDbConnection conn, IReadOnlyList<(Guid DealId, Guid? From, Guid To)> moves, DateTimeOffset at, Guid by) =>
        conn.ExecuteAsync(
            """
            insert into deals.stage_history (deal_id, from_stage_id, to_stage_id, changed_at, changed_by)
            select m.deal_id, m.from_stage_id, m.to_stage_id, @at, @by from unnest(@DealIds, @Froms, @Tos) as m(deal_id, from_stage_id, to_stage_id)
            """,
            new { DealIds = moves.Select(m => m.DealId).ToArray(), Froms = moves.Select(m => m.From).ToArray(), Tos = moves.Select(m => m.To).ToArray(), at, by });

    /// <summary>One entry of deals.stage_history; from is null for a new deal.</summary>
    public static Task RecordAsync(IDbConnection conn, Guid dealId, Guid? from, Guid to, DateTimeOffset at, Guid by) =>
        conn.ExecuteAsync(
            """
            insert into deals.stage_history (deal_id, from_stage_id, to_stage_id, changed_at, changed_by)
            values (@dealId, @from, @to, @at, @by)
            """,
            new { dealId, from, to, at, by });
}
