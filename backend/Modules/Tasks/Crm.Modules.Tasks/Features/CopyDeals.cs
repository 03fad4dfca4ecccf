using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Tasks.Common;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// Tasks keeps a copy of deals (tasks.deals): the name to show on a task, the responsible a new
/// task defaults to, and whether the deal is closed or deleted (a deleted deal takes no new tasks;
/// "left without tasks" is said of open deals only). Every deal event carries the deal's state, and
/// the copy takes it only when its version is newer, so events in any order, repeated or replayed,
/// leave the newest state, and a deal moved back out of won or lost is open again. Then the copy hands its
/// name to the deal's tasks that lack it (<see cref="LinkSearch"/>: what the search finds them by).
/// </summary>
internal sealed class CopyDeals(DbSession db) : IStateHandler<DealState>
{
    public async ValueTask Handle(DealState deal, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.UpsertIfNewerAsync("tasks.deals", new DealCopy(
            deal.DealId,
            deal.Version,
            deal.Name,
            deal.ResponsibleId,
            Closed: deal.Status is DealStatuses.Won or DealStatuses.Lost,
            Deleted: deal.Status == DealStatuses.Deleted), ct);
        await LinkSearch.FollowCopyAsync(conn, LinkKinds.Deal, deal.DealId, ct);
    }

    /// <summary>A row of tasks.deals.</summary>
    private sealed record DealCopy(Guid Id, int Version, string Name, Guid ResponsibleId, bool Closed, bool Deleted);
}
