using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Realtime;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// Tells everyone watching a deal's pipeline ("pipeline:{id}") that the deal changed, with its card
/// as it is now (null once deleted). Used by NotifyBoardWatchers (a deal's own changes) and
/// KeepDealTaskFacts (its tasks changed).
/// </summary>
internal static class LiveBoard
{
    public const string Method = "dealChanged";

    /// <summary>
    /// The message: <c>{ pipelineId, dealId, stageId, fromStageId, card, change }</c>. <c>fromStageId</c>
    /// is the stage a move left (only on "moved"), so a board that has not loaded the card can still
    /// take it out of that column's count and sum.
    /// </summary>
    public sealed record DealChanged(Guid PipelineId, Guid DealId, Guid StageId, Guid? FromStageId, CardResponse? Card, string Change);

    private sealed record Row(
        Guid PipelineId, Guid StageId, bool Deleted, Guid Id, long Number, string Name, decimal? Budget, string Currency,
        Guid? CompanyId, string? CompanyName, Guid? ContactId, string? ContactName, Guid ResponsibleId, DateTimeOffset StageEnteredAt,
        DateTimeOffset? Deadline, int Version, int OpenTaskCount, DateTimeOffset? NextTaskDue);

    public static async ValueTask SendAsync(
        DbSession db, IRealtime realtime, Guid dealId, string change, CancellationToken ct, Guid? fromStageId = null)
    {
        var conn = await db.ConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(
            $"""
            select d.pipeline_id as PipelineId, d.stage_id as StageId, d.deleted_at is not null as Deleted, {CardResponse.Columns}
            from deals.deals d where d.id = @dealId
            """,
            new { dealId });
        if (row is null)
        {
            return;
        }
        var card = row.Deleted
            ? null
            : new CardResponse(row.Id, row.Number, row.Name, row.Budget, row.Currency, row.CompanyId, row.CompanyName, row.ContactId,
                row.ContactName, row.ResponsibleId, row.StageEnteredAt, row.Deadline, row.Version, row.OpenTaskCount, row.NextTaskDue);
        var message = new DealChanged(row.PipelineId, dealId, row.StageId, fromStageId, card, row.Deleted ? "deleted" : change);
        // Pushed once the handler's transaction has committed: a rolled-back delivery shows nothing.
        db.AfterCommit(() => new ValueTask(realtime.SendAsync($"pipeline:{row.PipelineId}", Method, message, CancellationToken.None)));
    }
}
