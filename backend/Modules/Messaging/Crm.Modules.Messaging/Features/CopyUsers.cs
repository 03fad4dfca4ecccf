using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Identity.Contracts;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Messaging keeps each user's name and whether they are active (messaging.users), from every event that
/// carries Identity's <see cref="UserState"/>: the feed names who did what, and only active users are
/// mentioned. Written only when the state is newer.
/// </summary>
internal sealed class CopyUsers(DbSession db) : IStateHandler<UserState>
{
    private sealed record UserCopy(Guid Id, int Version, string DisplayName, bool Active);

    public async ValueTask Handle(UserState user, IntegrationEvent integrationEvent, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).UpsertIfNewerAsync(
            "messaging.users", new UserCopy(user.UserId, user.Version, user.DisplayName, user.Active), ct);
}
