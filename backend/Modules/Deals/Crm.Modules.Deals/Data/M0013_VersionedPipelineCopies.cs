using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Pipelines' events carry the pipeline's state with its stages and version: the copy of a pipeline
/// keeps its version (written only when newer), its stages their colour, probability and the removal
/// request they are under. A stage Deals has vacated for removal is retired, for good: no deal may
/// enter it, and its row stays so that history and old deals still name it. Existing copies start
/// at version 0, so the first state each pipeline publishes replaces them; a database with
/// pipelines must be given their state again (<c>Crm.Host republish Pipelines</c>) after this migration.
/// </summary>
[Migration(13, "Versioned copies of pipelines; stage removal hand-off")]
internal sealed class M0013_VersionedPipelineCopies : Migration
{
    public override void Up() => Execute.Sql("""
        alter table deals.pipelines add column version int not null default 0;
        alter table deals.stages
            add column color text not null default '#C0C0C0',
            add column probability int not null default 0,
            add column removal_request int,
            add column answered_request int,
            add column retired boolean not null default false;
        """);

    public override void Down() => Execute.Sql("""
        alter table deals.pipelines drop column version;
        alter table deals.stages
            drop column color, drop column probability, drop column removal_request, drop column answered_request, drop column retired;
        """);
}
