using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// Tasks' copy of users keeps when the user's credentials were last revoked (Identity's
/// UserState.CredentialsRevokedAt): a calendar feed token created before it is deleted, so an admin's
/// password reset or a deactivation ends the feed for good. Existing rows: null (never).
/// </summary>
[Migration(8, "Credentials revoked at in Tasks' copy of users")]
internal sealed class M0008_UserCredentialsRevokedAt : Migration
{
    public override void Up() => Execute.Sql("alter table tasks.users add column credentials_revoked_at timestamptz;");

    public override void Down() => Execute.Sql("alter table tasks.users drop column credentials_revoked_at;");
}
