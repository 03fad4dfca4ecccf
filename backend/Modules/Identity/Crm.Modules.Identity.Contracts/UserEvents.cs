using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Identity.Contracts;

/// <summary>
/// A user as other modules copy it, as it is after the change an event tells of (never their
/// password or sign-in bookkeeping). Every user event carries it: a consumer keeps its copy only when
/// <paramref name="Version"/> is newer than the one it has, so the order of delivery, a repeat or a
/// replay changes nothing.
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="Version">The user's version after the change (identity.users.version; every change published raises it).</param>
/// <param name="Email">Their sign-in e-mail, lower case.</param>
/// <param name="DisplayName">Their name as others see it.</param>
/// <param name="Role">Admin, HeadOfSales or Manager.</param>
/// <param name="Active">Whether they may sign in (false once deactivated).</param>
/// <param name="Language">Their language, "ru" or "en".</param>
/// <param name="TimeZone">Their IANA time zone: days, all-day tasks and reminders are reckoned in it.</param>
/// <param name="ReminderLeadMinutes">How long before a task's due time they are reminded of it.</param>
/// <param name="CredentialsRevokedAt">
/// When their credentials were last revoked for good (an admin's password reset, a deactivation):
/// every token issued before it (API tokens; Tasks' calendar feed token) is dead, also after a
/// re-activation. Null if never.
/// </param>
public sealed record UserState(
    Guid UserId,
    int Version,
    string Email,
    string DisplayName,
    string Role,
    bool Active,
    string Language,
    string TimeZone,
    int ReminderLeadMinutes,
    DateTimeOffset? CredentialsRevokedAt);

/// <summary>A user account was created (the first admin at start-up, or by an admin).</summary>
public sealed record UserCreated(UserState User) : IntegrationEvent, IStateEvent<UserState>
{
    UserState IStateEvent<UserState>.State => User;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(User.UserId, User.Version);
}

/// <summary>An admin changed a user's e-mail, name or role.</summary>
public sealed record UserUpdated(UserState User) : IntegrationEvent, IStateEvent<UserState>
{
    UserState IStateEvent<UserState>.State => User;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(User.UserId, User.Version);
}

/// <summary>
/// A user may no longer sign in; their sessions end and their tokens are revoked for good
/// (<see cref="UserState.Active"/> is false, <see cref="UserState.CredentialsRevokedAt"/> set).
/// </summary>
public sealed record UserDeactivated(UserState User) : IntegrationEvent, IStateEvent<UserState>
{
    UserState IStateEvent<UserState>.State => User;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(User.UserId, User.Version);
}

/// <summary>
/// An admin set a new password for a user: their sessions ended and every token they had is revoked
/// (<see cref="UserState.CredentialsRevokedAt"/>); consumers revoke what they issued before it.
/// </summary>
public sealed record UserCredentialsRevoked(UserState User) : IntegrationEvent, IStateEvent<UserState>
{
    UserState IStateEvent<UserState>.State => User;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(User.UserId, User.Version);
}

/// <summary>A deactivated user may sign in again (tokens revoked on deactivation stay revoked).</summary>
public sealed record UserActivated(UserState User) : IntegrationEvent, IStateEvent<UserState>
{
    UserState IStateEvent<UserState>.State => User;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(User.UserId, User.Version);
}

/// <summary>A user changed their language, time zone or reminder lead time (Tasks schedules reminders by it).</summary>
public sealed record UserSettingsChanged(UserState User) : IntegrationEvent, IStateEvent<UserState>
{
    UserState IStateEvent<UserState>.State => User;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(User.UserId, User.Version);
}

/// <summary>
/// A user's current state, published again on request (IdentityModule.RepublishAsync) for a module
/// added later or a copy being rebuilt; nothing changed. Handled like any other user event: a copy
/// that already has this version keeps it.
/// </summary>
public sealed record UserRepublished(UserState User) : IntegrationEvent, IStateEvent<UserState>
{
    UserState IStateEvent<UserState>.State => User;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(User.UserId, User.Version);
}
