using FluentMigrator;

namespace Crm.Modules.Messaging.Data;

/// <summary>
/// The stage a deal's latest move came from, kept with the deal as last seen: a win or a loss is told by
/// DealWon/DealLost, which carry no stage it left; the DealStageChanged of the same version before it does.
/// </summary>
[Migration(7, "The stage a deal's latest move came from")]
internal sealed class M0007_AddDealMovedFrom : Migration
{
    public override void Up() => Execute.Sql("alter table messaging.deals add column moved_from_stage_id uuid;");

    public override void Down() => Execute.Sql("alter table messaging.deals drop column moved_from_stage_id;");
}
