using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Identity.Auth;
using Crm.Modules.Identity.Contracts;
using Dapper;

namespace Crm.Modules.Identity.Users;

/// <summary>Inserts a user and publishes UserCreated: shared by CreateUser and SeedFirstAdmin.</summary>
internal sealed class NewUser(DbSession db, IEventPublisher events, Passwords passwords, TimeProvider clock)
{
    public async Task<UserResponse> CreateAsync(string email, string displayName, string role, string password, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var normalized = UserRules.NormalizeEmail(email);
        var taken = await conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from identity.users where email = @normalized)", new { normalized });
        if (taken)
        {
            throw new FieldValidationException("email", T.Pick("Пользователь с таким e-mail уже есть", "A user with this e-mail already exists"));
        }
        var now = clock.GetUtcNow();
        var user = await conn.QuerySingleAsync<UserResponse>(
            $"""
            insert into identity.users (id, email, display_name, role, password_hash, security_stamp, created_at, updated_at)
            values (@Id, @Email, @DisplayName, @Role, @Hash, @Stamp, @Now, @Now)
            returning {UserResponse.Columns}
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                Email = normalized,
                DisplayName = displayName.Trim(),
                Role = role,
                Hash = await passwords.HashAsync(password, ct),
                Stamp = Guid.NewGuid(),
                Now = now,
            });
        await events.PublishAsync(new UserCreated(await UserStates.ReadAsync(conn, user.Id)), ct);
        return user;
    }
}
