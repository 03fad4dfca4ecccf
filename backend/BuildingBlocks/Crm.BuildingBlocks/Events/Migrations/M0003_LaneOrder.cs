using FluentMigrator;

namespace Crm.BuildingBlocks.Events.Migrations;

/// <summary>
/// A lane is read as (handler, seq). With the primary key on seq alone, PostgreSQL read a lane that
/// had fallen behind the others through the whole table in seq order, skipping every other
/// handler's rows (it assumes a handler's rows are spread evenly), so a burst drained in quadratic
/// time. The key (handler, seq) is the only order there is, and it replaces ix_deliveries_lane.
/// </summary>
[Migration(3, "Event bus: deliveries keyed by lane and seq")]
internal sealed class M0003_LaneOrder : Migration
{
    public override void Up() => Execute.Sql("""
        alter table bus.deliveries drop constraint deliveries_pkey;
        alter table bus.deliveries add constraint deliveries_pkey primary key (handler, seq);
        drop index bus.ix_deliveries_lane;
        """);

    public override void Down() => Execute.Sql("""
        create index ix_deliveries_lane on bus.deliveries (handler, seq) where not dead;
        alter table bus.deliveries drop constraint deliveries_pkey;
        alter table bus.deliveries add constraint deliveries_pkey primary key (seq);
        """);
}
