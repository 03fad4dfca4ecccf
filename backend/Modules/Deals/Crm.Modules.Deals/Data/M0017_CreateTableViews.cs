using Crm.BuildingBlocks.Tables;
using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>Saved views and chosen columns of Deals' tables (BuildingBlocks Tables/TableViews).</summary>
[Migration(17, "Saved filters and table columns")]
internal sealed class M0017_CreateTableViews : Migration
{
    public override void Up() => Execute.Sql(TableViewsSchema.Create("deals"));

    public override void Down() => Execute.Sql(TableViewsSchema.Drop("deals"));
}
