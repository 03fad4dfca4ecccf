using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// The users' names in Directory's copy, so an export writes the responsible by name. The rows are set to
/// version 0: the first start refills them from Identity's republished state (DirectoryModule.InitializeAsync).
/// </summary>
[Migration(10, "Users' names in Directory's copy")]
internal sealed class M0010_UserNames : Migration
{
    public override void Up() => Execute.Sql("""
        alter table directory.users add column name text not null default '';
        update directory.users set version = 0;
        """);

    public override void Down() => Execute.Sql("alter table directory.users drop column name;");
}
