using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Jobs;
using Dapper;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Deals are created on a company, moved to another company, won, lost, reopened or deleted: the
/// company list shows each company's open deal count and can list the companies without deals
/// and tasks. directory.deal_facts keeps per deal its company, its stage and the stage it was closed
/// in (a deal moved back out of its won or lost stage is open again); a deleted deal stays deleted.
/// Deals' events carry no version: a DealCreated that arrives after a later event of the deal
/// changes nothing. A deleted deal's fact is removed some time after (FactsCleanupJob); an event
/// that occurred before that retention and finds no fact is ignored, as its deal may be such a one.
/// </summary>
internal static class KeepCompanyDealCounts
{
    private sealed record Fact(Guid? CompanyId, Guid? StageId, Guid? ClosedStageId, bool Deleted)
    {
        public Guid? OpenOn => !Deleted && (ClosedStageId is null || StageId != ClosedStageId) ? CompanyId : null;
    }

    /// <summary>What every handler needs: the session, and the clock and retention for stale events.</summary>
    internal sealed record Context(DbSession Db, TimeProvider Clock, IOptions<FactsOptions> Options);

    private static async ValueTask KeepAsync(Context context, IntegrationEvent e, Guid dealId, Func<Fact, bool, Fact> change, CancellationToken ct)
    {
        var conn = await context.Db.ConnectionAsync(ct);
        var now = context.Clock.GetUtcNow();
        // An event from before the retention may belong to a deal whose fact was removed since: it
        // only updates a fact that is still there.
        var isNew = e.OccurredAt >= now - context.Options.Value.Retention && (await conn.ExecuteScalarAsync<bool?>(
            """
            insert into directory.deal_facts (deal_id, deleted) values (@dealId, false)
            on conflict (deal_id) do nothing
            returning true
            """,
            new { dealId }) ?? false);
        // The deal's row, locked: events of one deal are applied one at a time.
        var before = await conn.QuerySingleOrDefaultAsync<Fact>(
            """
            select company_id as CompanyId, stage_id as StageId, closed_stage_id as ClosedStageId, deleted as Deleted
            from directory.deal_facts where deal_id = @dealId for update
            """,
            new { dealId });
        if (before is null)
        {
            return;
        }
        var after = change(before, isNew);
        if (after == before)
        {
            return;
        }
        await conn.ExecuteAsync(
            """
            update directory.deal_facts
            set company_id = @CompanyId, stage_id = @StageId, closed_stage_id = @ClosedStageId, deleted = @Deleted,
                deleted_at = case when @Deleted then coalesce(deleted_at, @now) end
            where deal_id = @dealId
            """,
            new { dealId, after.CompanyId, after.StageId, after.ClosedStageId, after.Deleted, now });
        await OpenCounts.CompanyDealsAsync(conn, OpenCounts.Moves(before.OpenOn, after.OpenOn));
    }

    internal sealed class OnDealCreated(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<DealCreated>
    {
        public ValueTask Handle(DealCreated e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.DealId, (fact, isNew) => isNew ? fact with { CompanyId = e.CompanyId, StageId = e.StageId } : fact, ct);
    }

    internal sealed class OnDealUpdated(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<DealUpdated>
    {
        public ValueTask Handle(DealUpdated e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.DealId, (fact, isNew) => fact with { CompanyId = e.CompanyId, StageId = isNew ? e.StageId : fact.StageId }, ct);
    }

    internal sealed class OnDealStageChanged(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<DealStageChanged>
    {
        public ValueTask Handle(DealStageChanged e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.DealId, (fact, _) => fact with { StageId = e.ToStageId }, ct);
    }

    internal sealed class OnDealWon(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<DealWon>
    {
        public ValueTask Handle(DealWon e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.DealId, (fact, _) => fact with { StageId = e.StageId, ClosedStageId = e.StageId }, ct);
    }

    internal sealed class OnDealLost(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<DealLost>
    {
        public ValueTask Handle(DealLost e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.DealId, (fact, _) => fact with { StageId = e.StageId, ClosedStageId = e.StageId }, ct);
    }

    internal sealed class OnDealDeleted(DbSession db, TimeProvider clock, IOptions<FactsOptions> options)
        : IIntegrationEventHandler<DealDeleted>
    {
        public ValueTask Handle(DealDeleted e, CancellationToken ct) =>
            KeepAsync(new(db, clock, options), e, e.DealId, (fact, _) => fact with { Deleted = true }, ct);
    }
}
