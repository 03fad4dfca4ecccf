namespace Crm.Modules.Identity.Users;

/// <summary>A user as the admin's users page shows it.</summary>
internal sealed record UserResponse(Guid Id, string Email, string DisplayName, string Role, bool IsActive, DateTimeOffset CreatedAt, int Version)
{
    public const string Columns =
        "id as Id, email as Email, display_name as DisplayName, role as Role, is_active as IsActive, created_at as CreatedAt, version as Version";
}
