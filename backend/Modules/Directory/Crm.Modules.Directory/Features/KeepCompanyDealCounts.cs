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
/// and tasks. directory.deal_facts keeps per deal the newest state heard of (its company, open,
/// deleted, version); every deal event carries the deal's state, and one that is not newer than the
/// fact changes nothing, so a won and a reopen count right in any order. A newer state moves the
/// count from where the fact was open to where the state is open. A deleted deal's fact is removed
/// some time after (FactsCleanupJob); an event that occurred before that retention and finds no fact
/// is ignored, as its deal may be such a one. DealAssigned changes nothing kept here, so it is not
/// taken (the next newer state compares the same without it).
/// </summary>
internal sealed class KeepCompanyDealCounts(DbSession db, TimeProvider clock, IOptions<FactsOptions> options) : IStateHandler<DealState>
{
    private sealed record Fact(Guid? CompanyId, bool Open, bool Deleted, int Version)
    {
        public Guid? OpenOn => Open && !Deleted ? CompanyId : null;
    }

    public async ValueTask Handle(DealState deal, IntegrationEvent e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        // A fact at version 0 counts nothing: the deal's first state moves it from nowhere. An event
        // from before the retention may belong to a deal whose fact was removed since: it only
        // updates a fact that is still there.
        if (e.OccurredAt >= now - options.Value.Retention)
        {
            await conn.ExecuteAsync(
                """
                insert into directory.deal_facts (deal_id, open, deleted, version) values (@DealId, false, false, 0)
                on conflict (deal_id) do nothing
                """,
                new { deal.DealId });
        }
        // The deal's row, locked: events of one deal are applied one at a time.
        var before = await conn.QuerySingleOrDefaultAsync<Fact>(
            """
            select company_id as CompanyId, open as Open, deleted as Deleted, version as Version
            from directory.deal_facts where deal_id = @DealId for update
            """,
            new { deal.DealId });
        if (before is null || before.Version >= deal.Version)
        {
            return;
        }
        var after = new Fact(deal.CompanyId, deal.Status == DealStatuses.Open, deal.Status == DealStatuses.Deleted, deal.Version);
        await conn.ExecuteAsync(
            """
            update directory.deal_facts
            set company_id = @CompanyId, open = @Open, deleted = @Deleted, version = @Version,
                deleted_at = case when @Deleted then coalesce(deleted_at, @now) end
            where deal_id = @DealId
            """,
            new { deal.DealId, after.CompanyId, after.Open, after.Deleted, after.Version, now });
        await OpenCounts.CompanyDealsAsync(conn, OpenCounts.Moves(before.OpenOn, after.OpenOn));
    }
}
