using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Identity.Contracts;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Directory keeps whether each user exists and is active, and their name (directory.users), from every event that
/// carries Identity's <see cref="UserState"/>: a company or contact may be given only to an active user
/// (<see cref="Common.Responsibles"/>), and an export names the responsible. Written only when the state is newer, so events in any order,
/// repeated or republished leave the newest.
/// </summary>
internal sealed class CopyUsers(DbSession db) : IStateHandler<UserState>
{
    /// <summary>A row of directory.users.</summary>
    private sealed record UserCopy(Guid Id, int Version, bool Active, string Name);

    public async ValueTask Handle(UserState user, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.UpsertIfNewerAsync("directory.users", new UserCopy(user.UserId, user.Version, user.Active, user.DisplayName), ct);
    }
}
