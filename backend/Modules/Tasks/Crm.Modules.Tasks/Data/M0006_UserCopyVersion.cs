using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// Tasks' copy of users keeps the version of the user's state it holds (VersionedCopy): a user event
/// is written only when it is newer, so a late older settings change never undoes a newer one. Rows
/// from before count as version 0: any event of their user is newer.
/// </summary>
[Migration(6, "Version of Tasks' copy of users")]
internal sealed class M0006_UserCopyVersion : Migration
{
    public override void Up() => Execute.Sql("alter table tasks.users add column version int not null default 0;");

    public override void Down() => Execute.Sql("alter table tasks.users drop column version;");
}
