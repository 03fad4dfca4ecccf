using Crm.BuildingBlocks.Jobs;
using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// Bulk plans of "all that the filter selects" in the deals table run as background jobs (BuildingBlocks'
/// BulkJobs): the deals' ids the user confirmed, the task planned on each, who asked it, as what role and in
/// which language, and the progress and report, committed with each chunk's tasks.
/// </summary>
[Migration(11, "Bulk plan jobs")]
internal sealed class M0011_BulkJobs : Migration
{
    public override void Up() => Execute.Sql(BulkJobs.CreateTableSql("tasks"));

    public override void Down() => Execute.Sql("drop table tasks.bulk_jobs;");
}
