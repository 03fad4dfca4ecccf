using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Users;
using Dapper;
using Mediator;

namespace Crm.Modules.Identity.Features;

/// <summary>On first start, with no users at all, creates the admin named by CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD.</summary>
internal static class SeedFirstAdmin
{
    public sealed record Command(string? Email, string? Password) : ICommand<bool>;

    internal sealed class Handler(DbSession db, NewUser newUser) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            // Two instances starting together: the second waits here, then sees the first's admin.
            await conn.ExecuteAsync("lock table identity.users in share row exclusive mode");
            if (await conn.ExecuteScalarAsync<bool>("select exists (select 1 from identity.users)"))
            {
                return false;
            }
            if (string.IsNullOrWhiteSpace(command.Email) || command.Password is not { Length: >= UserRules.PasswordMinLength })
            {
                throw new InvalidOperationException(
                    $"There are no users yet: set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD (at least {UserRules.PasswordMinLength} characters) to create the first admin.");
            }
            await newUser.CreateAsync(command.Email, "Администратор", Roles.Admin, command.Password, ct);
            return true;
        }
    }
}
