using FluentMigrator;

namespace Crm.Modules.Messaging.Data;

/// <summary>The module's own schema; its tables come with its features.</summary>
[Migration(1, "Messaging schema")]
internal sealed class M0001_CreateSchema : Migration
{
    public override void Up() => Execute.Sql("create schema if not exists messaging;");

    public override void Down() => Execute.Sql("drop schema if exists messaging cascade;");
}
