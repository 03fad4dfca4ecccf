using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>The bulk jobs' ids column takes the name every module's bulk jobs share (BuildingBlocks' BulkJobs).</summary>
[Migration(21, "Bulk jobs' ids")]
internal sealed class M0021_BulkJobIds : Migration
{
    public override void Up() => Execute.Sql("alter table deals.bulk_jobs rename column deal_ids to ids;");

    public override void Down() => Execute.Sql("alter table deals.bulk_jobs rename column ids to deal_ids;");
}
