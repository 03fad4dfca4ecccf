using FluentMigrator;

namespace Crm.Modules.Pipelines.Data;

/// <summary>The module's own schema; its tables come with its features.</summary>
[Migration(1, "Pipelines schema")]
internal sealed class M0001_CreateSchema : Migration
{
    public override void Up() => Execute.Sql("create schema if not exists pipelines;");

    public override void Down() => Execute.Sql("drop schema if exists pipelines cascade;");
}
