using FluentMigrator;

namespace Crm.Modules.Identity.Data;

/// <summary>
/// When a user's credentials were last revoked for good (an admin's password reset, a
/// deactivation): API tokens, and in Tasks the calendar feed token, issued before it are dead and
/// stay dead after a re-activation. Existing users have none (null).
/// </summary>
[Migration(4, "Credentials revoked at")]
internal sealed class M0004_CredentialsRevokedAt : Migration
{
    public override void Up() => Execute.Sql("alter table identity.users add column credentials_revoked_at timestamptz;");

    public override void Down() => Execute.Sql("alter table identity.users drop column credentials_revoked_at;");
}
