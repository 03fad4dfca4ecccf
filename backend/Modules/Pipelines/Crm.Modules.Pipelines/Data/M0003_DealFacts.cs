using FluentMigrator;

namespace Crm.Modules.Pipelines.Data;

/// <summary>
/// Stage occupancy follows each deal's state: <c>deal_facts</c> keeps per deal the stage it stands
/// in (null once deleted) and the version of the state it holds, and <c>stage_occupancy</c> changes
/// by the difference when a newer state arrives (KeepStageOccupancy). The counts from before were
/// kept by increments without facts, so they cannot be reconciled with facts: they start again at
/// zero. A database that already holds deals must be given their state again
/// (DealsModule.RepublishAsync, <c>Crm.Host republish Deals</c>) after this migration.
/// </summary>
[Migration(3, "A fact per deal behind the stage occupancy")]
internal sealed class M0003_DealFacts : Migration
{
    public override void Up() => Execute.Sql("""
        create table pipelines.deal_facts (
            deal_id uuid primary key,
            stage_id uuid,
            version int not null
        );
        update pipelines.stage_occupancy set deal_count = 0;
        """);

    public override void Down() => Execute.Sql("drop table pipelines.deal_facts;");
}
