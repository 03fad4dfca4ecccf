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
            var refusal = string.IsNullOrWhiteSpace(command.Email) ? "CRM_ADMIN_EMAIL is not set" : PasswordPolicy.Refusal(command.Password, command.Email);
            if (refusal is not null)
            {
                throw new InvalidOperationException(
                    "There are no users yet: set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD to create the first admin. The password must be " +
                    $"{PasswordPolicy.MinLength} to {PasswordPolicy.MaxLength} characters, not a common password and not the e-mail ({refusal}).");
            }
            await newUser.CreateAsync(command.Email!, "Администратор", Roles.Admin, command.Password!, ct);
            return true;
        }
    }
}
