using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Identity.Contracts;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// Inbox keeps each user's name and whether they are active (inbox.users), from every event that
/// carries Identity's <see cref="UserState"/>: a request taken by someone else names them in the 409.
/// Written only when the state is newer.
/// </summary>
internal sealed class CopyUsers(DbSession db) : IStateHandler<UserState>
{
    private sealed record UserCopy(Guid Id, int Version, string DisplayName, bool Active);

    public async ValueTask Handle(UserState user, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.UpsertIfNewerAsync("inbox.users", new UserCopy(user.UserId, user.Version, user.DisplayName, user.Active), ct);
    }
}
