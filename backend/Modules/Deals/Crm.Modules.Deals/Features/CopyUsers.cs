using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Identity.Contracts;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Deals keeps whether each user exists and is active, their name and e-mail (deals.users), from every event
/// that carries Identity's <see cref="UserState"/>: a deal may be given only to an active user
/// (<see cref="Common.Responsibles"/>), and the deals table sorts by the responsible's name, and an import names them by name or e-mail. Written
/// only when the state is newer, so events in any order, repeated or republished leave the newest.
/// </summary>
internal sealed class CopyUsers(DbSession db) : IStateHandler<UserState>
{
    /// <summary>A row of deals.users.</summary>
    private sealed record UserCopy(Guid Id, int Version, bool Active, string Name, string Email);

    public async ValueTask Handle(UserState user, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.UpsertIfNewerAsync("deals.users", new UserCopy(user.UserId, user.Version, user.Active, user.DisplayName, user.Email), ct);
    }
}
