using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// Deals' events carry the deal's state and version: <c>deal_facts</c> keeps per deal its company,
/// whether it is open, whether it was deleted and the version of the state it holds, and takes an
/// event only when it is newer (KeepCompanyDealCounts). <c>open</c> is what the stage and the stage
/// it was closed in said before; facts from before count as version 0, so any event of their deal is newer.
/// </summary>
[Migration(5, "Deal facts follow the deal's state and version")]
internal sealed class M0005_DealFactsFromState : Migration
{
    public override void Up() => Execute.Sql("""
        alter table directory.deal_facts add column open boolean not null default false, add column version int not null default 0;
        update directory.deal_facts set open = not deleted and (closed_stage_id is null or stage_id is distinct from closed_stage_id);
        alter table directory.deal_facts drop column stage_id, drop column closed_stage_id;
        """);

    public override void Down() => Execute.Sql("""
        alter table directory.deal_facts add column stage_id uuid, add column closed_stage_id uuid;
        alter table directory.deal_facts drop column version, drop column open;
        """);
}
