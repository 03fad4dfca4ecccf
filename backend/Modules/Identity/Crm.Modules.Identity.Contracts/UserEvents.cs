using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Identity.Contracts;

/// <summary>A user account was created (the first admin at start-up, or by an admin).</summary>
public sealed record UserCreated(Guid UserId, string Email, string DisplayName, string Role) : IntegrationEvent;

/// <summary>An admin changed a user's e-mail, name or role.</summary>
public sealed record UserUpdated(Guid UserId, string Email, string DisplayName, string Role) : IntegrationEvent;

/// <summary>A user may no longer sign in; their sessions and tokens stop working.</summary>
public sealed record UserDeactivated(Guid UserId) : IntegrationEvent;

/// <summary>A deactivated user may sign in again.</summary>
public sealed record UserActivated(Guid UserId) : IntegrationEvent;

/// <summary>A user changed their language, time zone or reminder lead time (Tasks schedules reminders by it).</summary>
public sealed record UserSettingsChanged(Guid UserId, string Language, string TimeZone, int ReminderLeadMinutes) : IntegrationEvent;
