using FluentMigrator;

namespace Crm.Modules.Inbox.Data;

/// <summary>The module's own schema; its tables come with its features.</summary>
[Migration(1, "Inbox schema")]
internal sealed class M0001_CreateSchema : Migration
{
    public override void Up() => Execute.Sql("create schema if not exists inbox;");

    public override void Down() => Execute.Sql("drop schema if exists inbox cascade;");
}
