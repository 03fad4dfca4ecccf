using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>The module's own schema; its tables come with its features.</summary>
[Migration(1, "Directory schema")]
internal sealed class M0001_CreateSchema : Migration
{
    public override void Up() => Execute.Sql("create schema if not exists directory;");

    public override void Down() => Execute.Sql("drop schema if exists directory cascade;");
}
