using FluentMigrator;

namespace Crm.BuildingBlocks.Events.Migrations;

/// <summary>
/// The fills of new copies under way (<c>Republishing.FillNewCopy</c>): a row from a fill's start to its end, so a
/// fill cut off by a stop, which leaves the copy with some rows and deliveries waiting, is done again on the next start.
/// </summary>
[Migration(4, "Event bus: fills of new copies under way")]
internal sealed class M0004_CopyFills : Migration
{
    public override void Up() => Execute.Sql("""
        create table bus.copy_fills (
            handler text primary key,
            copy_table text not null,
            started_at timestamptz not null
        );
        """);

    public override void Down() => Execute.Sql("drop table bus.copy_fills;");
}
