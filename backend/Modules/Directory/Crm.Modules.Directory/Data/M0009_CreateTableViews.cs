using Crm.BuildingBlocks.Tables;
using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>Saved views and chosen columns of Directory's tables (BuildingBlocks Tables/TableViews).</summary>
[Migration(9, "Saved filters and table columns")]
internal sealed class M0009_CreateTableViews : Migration
{
    public override void Up() => Execute.Sql(TableViewsSchema.Create("directory"));

    public override void Down() => Execute.Sql(TableViewsSchema.Drop("directory"));
}
