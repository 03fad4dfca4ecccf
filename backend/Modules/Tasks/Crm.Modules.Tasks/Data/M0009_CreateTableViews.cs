using Crm.BuildingBlocks.Tables;
using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>Saved views and chosen columns of Tasks' tables (BuildingBlocks Tables/TableViews).</summary>
[Migration(9, "Saved filters and table columns")]
internal sealed class M0009_CreateTableViews : Migration
{
    public override void Up() => Execute.Sql(TableViewsSchema.Create("tasks"));

    public override void Down() => Execute.Sql(TableViewsSchema.Drop("tasks"));
}
