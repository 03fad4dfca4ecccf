using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Deals' own copy of the pipelines and stages it needs (to validate stages, order the board and
/// name stages in the history), kept by the handlers of Pipelines' events. No foreign keys:
/// events may arrive in any order.
/// </summary>
[Migration(2, "Local copies of pipelines and stages")]
internal sealed class M0002_CreatePipelineCopies : Migration
{
    public override void Up() => Execute.Sql("""
        create table deals.pipelines (
            id uuid primary key,
            name text not null,
            kind text not null,
            position int not null default 0,
            archived boolean not null default false
        );

        create table deals.stages (
            id uuid primary key,
            pipeline_id uuid not null,
            name text not null,
            kind text not null,
            position int not null
        );
        create index ix_stages_pipeline on deals.stages (pipeline_id, position);
        """);

    public override void Down() => Execute.Sql("drop table deals.stages; drop table deals.pipelines;");
}
