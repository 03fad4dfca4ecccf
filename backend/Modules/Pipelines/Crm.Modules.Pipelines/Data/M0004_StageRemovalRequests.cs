using FluentMigrator;

namespace Crm.Modules.Pipelines.Data;

/// <summary>
/// Removing a stage becomes a hand-off to the module that owns deals (ADR 0007): a stage carries
/// the removal request it is under (the pipeline's version when it was made) and the last refused
/// request with the number of deals that stood in the stage. Existing stages are under none.
/// The pipeline's version now counts every published change of the pipeline and its stages.
/// </summary>
[Migration(4, "Stage removal requests")]
internal sealed class M0004_StageRemovalRequests : Migration
{
    public override void Up() => Execute.Sql("""
        alter table pipelines.stages
            add column removal_request int,
            add column refused_request int,
            add column refused_deal_count int;
        """);

    public override void Down() => Execute.Sql("""
        alter table pipelines.stages
            drop column removal_request,
            drop column refused_request,
            drop column refused_deal_count;
        """);
}
