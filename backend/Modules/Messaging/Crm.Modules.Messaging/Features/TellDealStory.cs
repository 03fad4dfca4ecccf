using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Messaging.Common;
using Dapper;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A deal's story in its feed, from every event that carries Deals' <see cref="DealState"/> (one lane, so a
/// deal's events come in order): created; moved from a stage to another; given to another manager; won;
/// lost with the reason; and what a DealUpdated changed, found by comparing it with the deal as last seen
/// (messaging.deals): the name and the budget before → after, a company or contacts linked or unlinked
/// (a linked company or contact also gets the deal in its own feed). A move into won or lost is told by
/// DealWon/DealLost alone, with the stage it left (<c>fromStageId</c>: the move of the same version keeps it in
/// the copy), so the feed holds the whole stage history. A republished state only refreshes the copy.
/// </summary>
internal sealed class TellDealStory(DbSession db, SystemEntries entries) : IStateHandler<DealState>
{
    /// <summary>The deal as last seen (messaging.deals). Settable properties: Dapper cannot give an array column to a constructor.</summary>
    private sealed class DealSeen
    {
        public Guid Id { get; set; }

        public int Version { get; set; }

        public string Name { get; set; } = "";

        public decimal? Budget { get; set; }

        public string Currency { get; set; } = "";

        public Guid? CompanyId { get; set; }

        public Guid[] ContactIds { get; set; } = [];

        /// <summary>The stage the move of this version came from (null when this version was no move).</summary>
        public Guid? MovedFromStageId { get; set; }
    }

    public async ValueTask Handle(DealState deal, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var before = await conn.QuerySingleOrDefaultAsync<DealSeen>(new CommandDefinition(
            """
            select id as Id, version as Version, name as Name, budget as Budget, currency as Currency, company_id as CompanyId, contact_ids as ContactIds,
                moved_from_stage_id as MovedFromStageId
            from messaging.deals where id = @DealId for update
            """,
            new { deal.DealId },
            cancellationToken: ct));
        // Entries are unique per event, so a repeat adds none; only a comparison needs the copy to be older
        // (a win publishes DealStageChanged and DealWon with one state: both are told).
        var older = before is null || before.Version < deal.Version;
        var id = deal.DealId;
        // A win or a loss follows its move of the same version, which the copy keeps (null if never seen).
        var leftStage = before?.Version == deal.Version ? before.MovedFromStageId : null;
        switch (integrationEvent)
        {
            case DealCreated created:
                await entries.AddAsync(created, FeedKinds.Deal, id, FeedTypes.DealCreated, created.CreatedBy,
                    new { name = deal.Name, pipelineId = deal.PipelineId, stageId = deal.StageId }, ct);
                if (older)
                {
                    await LinkedAsync(created, before, deal, created.CreatedBy, ct);
                }
                break;
            case DealStageChanged moved when deal.Status is not (DealStatuses.Won or DealStatuses.Lost):
                await entries.AddAsync(moved, FeedKinds.Deal, id, FeedTypes.DealStageChanged, moved.ChangedBy,
                    new { fromStageId = moved.FromStageId, toStageId = deal.StageId }, ct);
                break;
            case DealAssigned assigned:
                await entries.AddAsync(assigned, FeedKinds.Deal, id, FeedTypes.DealAssigned, assigned.AssignedBy,
                    new { fromUserId = assigned.FromResponsibleId, toUserId = deal.ResponsibleId }, ct);
                break;
            case DealWon won:
                await entries.AddAsync(won, FeedKinds.Deal, id, FeedTypes.DealWon, won.WonBy, new { stageId = deal.StageId, fromStageId = leftStage }, ct);
                break;
            case DealLost lost:
                await entries.AddAsync(lost, FeedKinds.Deal, id, FeedTypes.DealLost, lost.LostBy, new { stageId = deal.StageId, fromStageId = leftStage, reason = lost.Reason }, ct);
                break;
            case DealDeleted deleted:
                await entries.AddAsync(deleted, FeedKinds.Deal, id, FeedTypes.DealDeleted, deleted.DeletedBy, new { }, ct);
                break;
            case DealUpdated updated when before is not null && older:
                await ChangesAsync(updated, before, deal, ct);
                break;
        }
        await conn.UpsertIfNewerAsync(
            "messaging.deals",
            new DealSeen
            {
                Id = id, Version = deal.Version, Name = deal.Name, Budget = deal.Budget, Currency = deal.Currency, CompanyId = deal.CompanyId,
                ContactIds = deal.ContactIds.ToArray(), MovedFromStageId = (integrationEvent as DealStageChanged)?.FromStageId,
            },
            ct);
    }

    private async Task ChangesAsync(DealUpdated updated, DealSeen before, DealState deal, CancellationToken ct)
    {
        var id = deal.DealId;
        if (before.Name != deal.Name)
        {
            await entries.AddAsync(updated, FeedKinds.Deal, id, FeedTypes.DealRenamed, updated.UpdatedBy, new { from = before.Name, to = deal.Name }, ct);
        }
        if (before.Budget != deal.Budget || before.Currency != deal.Currency)
        {
            await entries.AddAsync(updated, FeedKinds.Deal, id, FeedTypes.DealBudgetChanged, updated.UpdatedBy,
                new { from = before.Budget, fromCurrency = before.Currency, to = deal.Budget, currency = deal.Currency }, ct);
        }
        if (before.CompanyId is { } oldCompany && oldCompany != deal.CompanyId)
        {
            await entries.AddAsync(updated, FeedKinds.Deal, id, FeedTypes.DealCompanyUnlinked, updated.UpdatedBy, new { companyId = oldCompany }, ct);
        }
        var unlinked = before.ContactIds.Except(deal.ContactIds).ToArray();
        if (unlinked.Length > 0)
        {
            await entries.AddAsync(updated, FeedKinds.Deal, id, FeedTypes.DealContactsUnlinked, updated.UpdatedBy, new { contactIds = unlinked }, ct);
        }
        await LinkedAsync(updated, before, deal, updated.UpdatedBy, ct);
    }

    /// <summary>A company or contacts the deal has now and had not: on the deal's feed, and the deal on each one's.</summary>
    private async Task LinkedAsync(IntegrationEvent source, DealSeen? before, DealState deal, Guid by, CancellationToken ct)
    {
        if (deal.CompanyId is { } company && company != before?.CompanyId)
        {
            await entries.AddAsync(source, FeedKinds.Deal, deal.DealId, FeedTypes.DealCompanyLinked, by, new { companyId = company }, ct);
            await entries.AddAsync(source, FeedKinds.Company, company, FeedTypes.LinkedToDeal, by, new { dealId = deal.DealId, dealName = deal.Name }, ct);
        }
        var linked = deal.ContactIds.Except(before?.ContactIds ?? []).ToArray();
        if (linked.Length > 0)
        {
            await entries.AddAsync(source, FeedKinds.Deal, deal.DealId, FeedTypes.DealContactsLinked, by, new { contactIds = linked }, ct);
            foreach (var contact in linked)
            {
                await entries.AddAsync(source, FeedKinds.Contact, contact, FeedTypes.LinkedToDeal, by, new { dealId = deal.DealId, dealName = deal.Name }, ct);
            }
        }
    }
}
