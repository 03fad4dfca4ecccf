using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// Directory's copy of users (id, version, active; CopyUsers from Identity's state events), so a
/// company or contact is given only to an active user. A new copy is filled on the first start from
/// Identity's republished state (DirectoryModule.InitializeAsync).
/// </summary>
[Migration(8, "Directory's copy of users")]
internal sealed class M0008_Users : Migration
{
    public override void Up() => Execute.Sql("""
        create table directory.users (
            id uuid primary key,
            version int not null,
            active boolean not null
        );
        """);

    public override void Down() => Execute.Sql("drop table directory.users;");
}
