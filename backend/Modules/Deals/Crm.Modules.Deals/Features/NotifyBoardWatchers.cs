using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Realtime;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Live boards: after each change of a deal, everyone watching its pipeline ("pipeline:{id}")
/// gets <c>dealChanged</c> with the card as it is now (null once deleted). Sent after the
/// command's commit, by the bus; a redelivery may send it twice, which a board shrugs off.
/// One handler type per event: the bus names handlers by type.
/// </summary>
internal static class NotifyBoardWatchers
{
    public const string Method = "dealChanged";

    /// <summary>The message: <c>{ pipelineId, dealId, stageId, card, change }</c>.</summary>
    public sealed record DealChanged(Guid PipelineId, Guid DealId, Guid StageId, CardResponse? Card, string Change);

    private sealed record Row(
        Guid PipelineId, Guid StageId, bool Deleted, Guid Id, long Number, string Name, decimal? Budget, string Currency,
        Guid? CompanyId, string? CompanyName, Guid? ContactId, string? ContactName, Guid ResponsibleId, DateTimeOffset StageEnteredAt, DateTimeOffset? Deadline, int Version);

    private static async ValueTask SendAsync(DbSession db, IRealtime realtime, Guid dealId, string change, CancellationToken ct)
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
                row.ContactName, row.ResponsibleId, row.StageEnteredAt, row.Deadline, row.Version);
        await realtime.SendAsync($"pipeline:{row.PipelineId}", Method,
            new DealChanged(row.PipelineId, dealId, row.StageId, card, row.Deleted ? "deleted" : change), ct);
    }

    internal sealed class OnDealCreated(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealCreated>
    {
        public ValueTask Handle(DealCreated e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "created", ct);
    }

    internal sealed class OnDealUpdated(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealUpdated>
    {
        public ValueTask Handle(DealUpdated e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "updated", ct);
    }

    internal sealed class OnDealStageChanged(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealStageChanged>
    {
        public ValueTask Handle(DealStageChanged e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "moved", ct);
    }

    internal sealed class OnDealAssigned(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealAssigned>
    {
        public ValueTask Handle(DealAssigned e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "assigned", ct);
    }

    internal sealed class OnDealWon(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealWon>
    {
        public ValueTask Handle(DealWon e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "won", ct);
    }

    internal sealed class OnDealLost(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealLost>
    {
        public ValueTask Handle(DealLost e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "lost", ct);
    }

    internal sealed class OnDealDeleted(DbSession db, IRealtime realtime) : IIntegrationEventHandler<DealDeleted>
    {
        public ValueTask Handle(DealDeleted e, CancellationToken ct) => SendAsync(db, realtime, e.DealId, "deleted", ct);
    }
}
